package io.mediawhisperer.plugin.transcript.supadata;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderContract;
import io.mediawhisperer.testsupport.video.FakeSupadata;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import java.net.URI;

class SupadataTranscriptProviderContractTest extends TranscriptProviderContract {

  @Override
  protected FakeVideoServer startService() {
    return new FakeSupadata();
  }

  @Override
  protected TranscriptProvider open(PluginSettings settings) {
    return new SupadataTranscriptProviderProvider().open(settings);
  }

  /** Supadata's API lives under its version path. */
  @Override
  protected String urlSetting(URI serviceUrl) {
    return serviceUrl + "/v1";
  }
}
