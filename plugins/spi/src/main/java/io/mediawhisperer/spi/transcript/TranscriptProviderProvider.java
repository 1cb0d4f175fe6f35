package io.mediawhisperer.spi.transcript;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.PluginSettings;

/**
 * Plugin kind "transcript provider" (since SPI 0.8): where a video's timed transcript and a
 * playlist's videos come from. The node opens the one named by {@code transcript-provider}
 * ({@code youtube}, {@code supadata}; {@code none} opens nothing) with the settings whose keys start
 * with {@code transcript-provider-} (without the prefix; {@link ProviderHttp.Settings} reads the ones
 * every provider shares: {@code url}, {@code api-key}, {@code timeout-seconds}, {@code retries},
 * {@code backoff-ms}, {@code requests-per-minute}, {@code max-bytes}). This is the only place the
 * server reaches the network for media.
 *
 * <p>Register in {@code META-INF/services/io.mediawhisperer.spi.transcript.TranscriptProviderProvider};
 * contract kit: {@code TranscriptProviderContract}, run against a local server that plays the
 * provider's service.
 */
public interface TranscriptProviderProvider extends NamedPlugin {

  /** Opens the provider; fails with {@link IllegalArgumentException} naming the setting that is wrong or missing. */
  TranscriptProvider open(PluginSettings settings);
}
