package io.mediawhisperer.plugin.transcript.supadata;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;

/**
 * Transcript provider {@code supadata}: YouTube transcripts, video metadata and playlists from
 * Supadata's hosted REST API (https://supadata.ai), which needs an API key
 * ({@code transcript-provider-api-key}) and no YouTube access from this server. {@code url} is the
 * API's base including its version path (default {@value #DEFAULT_URL}).
 */
public final class SupadataTranscriptProviderProvider implements TranscriptProviderProvider {

  public static final String NAME = "supadata";
  public static final String DEFAULT_URL = "https://api.supadata.ai/v1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TranscriptProvider open(PluginSettings settings) {
    ProviderHttp.Settings http = ProviderHttp.Settings.from(settings, DEFAULT_URL);
    if (http.apiKey() == null) {
      throw new IllegalArgumentException("setting 'transcript-provider-api-key' is required: Supadata answers only requests"
          + " with an API key (from https://dash.supadata.ai)");
    }
    return new SupadataTranscriptProvider(new ProviderHttp(http));
  }
}
