package io.mediawhisperer.spi.parser;

import java.time.Duration;

/**
 * Bounds a parser must respect. {@code maxImages}/{@code maxImageBytes} bound what is extracted:
 * past them images are skipped and a warning is added.
 */
public record ParseLimits(int maxPages, Duration maxTime, int maxImages, long maxImageBytes, long maxTextChars) {

  public static ParseLimits defaults() {
    return new ParseLimits(5_000, Duration.ofMinutes(5), 500, 20L * 1024 * 1024, 50_000_000L);
  }
}
