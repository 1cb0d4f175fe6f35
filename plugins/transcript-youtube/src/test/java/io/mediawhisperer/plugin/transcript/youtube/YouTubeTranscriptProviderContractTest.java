package io.mediawhisperer.plugin.transcript.youtube;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderContract;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import io.mediawhisperer.testsupport.video.FakeYouTube;

class YouTubeTranscriptProviderContractTest extends TranscriptProviderContract {

  @Override
  protected FakeVideoServer startService() {
    return new FakeYouTube();
  }

  @Override
  protected TranscriptProvider open(PluginSettings settings) {
    return new YouTubeTranscriptProviderProvider().open(settings);
  }
}
