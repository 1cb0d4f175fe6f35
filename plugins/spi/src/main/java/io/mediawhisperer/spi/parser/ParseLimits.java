package io.mediawhisperer.spi.parser;

import java.time.Duration;

/**
 * Bounds a parser must respect. {@code maxImages}/{@code maxImageBytes} bound what is extracted:
 * past them images are skipped and a warning is added. {@code maxImagePixels} bounds the size
 * (width x height) of an image a parser decodes: a larger one is skipped, with a warning, before
 * it is decoded. {@code maxStreamBytes} bounds what one compressed part of a file (a PDF stream)
 * may decompress to: a larger one is left out, with a warning, since libraries decompress it
 * into memory.
 */
public record ParseLimits(int maxPages, Duration maxTime, int maxImages, long maxImageBytes, long maxTextChars,
    long maxImagePixels, long maxStreamBytes) {

  /** 50 megapixels: a 600 dpi scan of an A3 page (70 megapixels at 8 bits is already 70 MB decoded). */
  public static final long DEFAULT_MAX_IMAGE_PIXELS = 50_000_000L;
  /** 128 MiB decoded: page content and fonts are far smaller; images get what their size needs. */
  public static final long DEFAULT_MAX_STREAM_BYTES = 128L * 1024 * 1024;

  public ParseLimits {
    if (maxImagePixels < 1 || maxStreamBytes < 1) {
      throw new IllegalArgumentException("maxImagePixels and maxStreamBytes must be positive");
    }
  }

  /** The limits with the default image and stream bounds. */
  public ParseLimits(int maxPages, Duration maxTime, int maxImages, long maxImageBytes, long maxTextChars) {
    this(maxPages, maxTime, maxImages, maxImageBytes, maxTextChars, DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_STREAM_BYTES);
  }

  public static ParseLimits defaults() {
    return new ParseLimits(5_000, Duration.ofMinutes(5), 500, 20L * 1024 * 1024, 50_000_000L);
  }

  public ParseLimits withMaxImagePixels(long pixels) {
    return new ParseLimits(maxPages, maxTime, maxImages, maxImageBytes, maxTextChars, pixels, maxStreamBytes);
  }

  public ParseLimits withMaxStreamBytes(long bytes) {
    return new ParseLimits(maxPages, maxTime, maxImages, maxImageBytes, maxTextChars, maxImagePixels, bytes);
  }
}
