package io.mediawhisperer.plugin.transcript.youtube;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;

/**
 * Transcript provider {@code youtube}: reads YouTube's own public web pages (the watch page's
 * caption tracks, the timedtext endpoint, the playlist page and its Innertube continuations). Needs
 * no account and no API key ({@code api-key} is ignored); {@code url} defaults to
 * {@code https://www.youtube.com}.
 */
public final class YouTubeTranscriptProviderProvider implements TranscriptProviderProvider {

  public static final String NAME = "youtube";
  public static final String DEFAULT_URL = "https://www.youtube.com";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TranscriptProvider open(PluginSettings settings) {
    return new YouTubeTranscriptProvider(new ProviderHttp(ProviderHttp.Settings.from(settings, DEFAULT_URL)));
  }
}
