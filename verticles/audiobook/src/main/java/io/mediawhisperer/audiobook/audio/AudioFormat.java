package io.mediawhisperer.audiobook.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats an audiobook is delivered in, each with the settings ffmpeg encodes it with.
 *
 * <p>The input is synthesized speech, mono, 16 to 22 kHz: nothing above ~11 kHz exists in it, so
 * the bitrates are those of spoken-word podcasts, not of music:
 * <ul>
 *   <li>{@link #M4B}: AAC-LC at 64 kbit/s, 24 kHz. 64k mono AAC is what audiobook stores and
 *       podcasts ship for speech (transparent for a voice); 24 kHz keeps everything a TTS engine
 *       makes (up to 12 kHz) and is a standard AAC rate every player decodes. The default: M4B is
 *       the container podcast and audiobook apps read chapters from.</li>
 *   <li>{@link #MP3}: LAME CBR 64 kbit/s, 24 kHz (MPEG-2 layer III). MP3 needs about the bitrate of
 *       AAC for the same speech quality at this rate; CBR makes each chapter file's duration exact
 *       without a Xing header (see {@link AudioEncoder}), and plays anywhere.</li>
 *   <li>{@link #OPUS}: Opus at 32 kbit/s in Ogg, 48 kHz (Opus's own rate; it resamples inside).
 *       Opus was designed for speech: at 24-32 kbit/s mono it is as clear as AAC at 64k, so half
 *       the size.</li>
 * </ul>
 * Every format has one fixed sample rate so that chapter files made from engines with different
 * rates still join without re-encoding.
 *
 * <p>Encoding speed matters as much as size: on a 2-core server the encoder, not a fast speech
 * engine (espeak-ng ~1,000x real time), sets a book's time. So AAC uses ffmpeg's {@code fast}
 * coder (ffmpeg documents it as better and much faster than the default {@code twoloop} at 64
 * kbit/s and above per channel; ~3.5x faster here) and Opus complexity 5 of 10 with constrained
 * VBR (~3x faster than 10, same size). Below complexity 7 libopus skips its signal analysis, and
 * its free VBR then spent 59 kbit/s on speech asked to take 32: constrained VBR holds the rate.
 * Measured on a 10-minute mono speech WAV: see AudioEncodingBench.
 */
public enum AudioFormat {

  M4B("m4b", "m4a", "audio/mp4", "ipod", "aac", "aac", 64_000, 24_000),
  MP3("mp3", "mp3", "audio/mpeg", "mp3", "libmp3lame", "mp3", 64_000, 24_000),
  OPUS("opus", "opus", "audio/ogg", "ogg", "libopus", "opus", 32_000, 48_000);

  private final String extension;
  private final String chapterExtension;
  private final String contentType;
  private final String muxer;
  private final String encoder;
  private final String codec;
  private final int bitrate;
  private final int sampleRate;

  AudioFormat(String extension, String chapterExtension, String contentType, String muxer, String encoder,
              String codec, int bitrate, int sampleRate) {
    this.extension = extension;
    this.chapterExtension = chapterExtension;
    this.contentType = contentType;
    this.muxer = muxer;
    this.encoder = encoder;
    this.codec = codec;
    this.bitrate = bitrate;
    this.sampleRate = sampleRate;
  }

  /**
   * The format named {@code name} ({@code m4b}, {@code mp3} or {@code opus}; case and surrounding
   * blanks ignored).
   *
   * @throws IllegalArgumentException naming the formats that exist, for any other name or null
   */
  public static AudioFormat parse(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (AudioFormat format : values()) {
      if (format.id().equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown audio format '" + (name == null ? "" : name.strip())
        + "': the formats are " + names());
  }

  /** The formats' ids, comma-separated, for messages: {@code m4b, mp3, opus}. */
  public static String names() {
    return Arrays.stream(values()).map(AudioFormat::id).collect(Collectors.joining(", "));
  }

  /** The id the API uses: {@code m4b}, {@code mp3}, {@code opus}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The whole book's file extension, without the dot: {@code m4b}, {@code mp3}, {@code opus}. */
  public String extension() {
    return extension;
  }

  /** A single chapter's file extension: {@code m4a} for M4B (a chapter is a plain AAC song), else {@link #extension()}. */
  public String chapterExtension() {
    return chapterExtension;
  }

  /** The HTTP Content-Type of a book or a chapter in this format. */
  public String contentType() {
    return contentType;
  }

  /** ffmpeg's muxer ({@code -f}). */
  public String muxer() {
    return muxer;
  }

  /** ffmpeg's encoder ({@code -c:a}). */
  public String encoder() {
    return encoder;
  }

  /** The codec as ffprobe names it in a file of this format ({@link AudioProbe#codec()}). */
  public String codec() {
    return codec;
  }

  /** Bits per second of the encoded audio. */
  public int bitrate() {
    return bitrate;
  }

  /** The sample rate the audio is encoded at, whatever the WAV's. */
  public int sampleRate() {
    return sampleRate;
  }
}
