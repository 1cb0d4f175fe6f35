package io.mediawhisperer.audiobook.audio;

import io.mediawhisperer.audiobook.audio.AudioException.Reason;
import io.mediawhisperer.audiobook.audio.Ffmpeg.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Turns synthesized speech into audiobook files with ffmpeg: a WAV into one chapter file, chapter
 * files into one book with a chapter track. Blocking: call it on a worker thread. Thread-safe.
 *
 * <p>Output is written to a hidden temporary file beside {@code out} and moved onto {@code out}
 * only once ffprobe has read it back: a failed, timed-out or cancelled run leaves no {@code out}
 * (an earlier file at {@code out} stays as it was) and no temporary file.
 *
 * <p>Joining copies the chapters' packets ({@code -c copy}); nothing is encoded twice. The book's
 * length is then the sum of its chapter files' lengths, and chapter marks made with
 * {@link ChapterMark#consecutive} from the chapters' {@link AudioProbe#durationMs()} point at their
 * audio, in every format (checked by decoding: AudioEncoderTest). That holds only because a chapter
 * file's duration is the length of all its packets, encoder delay and padding included: a copy
 * cannot cut inside a packet, so a chapter whose container trims those (an MP4 edit list, a
 * Xing/LAME header) claims less time than its packets take, and the book's audio runs ahead of its
 * timeline by that much per chapter (measured: 45 to 60 ms per chapter for AAC and MP3, +0.6 s
 * after ten AAC chapters; ffmpeg also drops the MP3 packets that overlap). So:
 * <ul>
 *   <li>M4B chapters are written without an edit list ({@code -use_editlist 0}) and their audio is
 *       padded with silence to whole AAC frames of 1024 samples (the last packet then lasts a whole
 *       frame): decoded length, container duration and chapter marks agree to the sample; each
 *       chapter's audio starts 43 ms (the encoder's priming) after its mark.</li>
 *   <li>MP3 chapters are written without a Xing/LAME header; CBR makes their duration exact
 *       without one. The book's audio is 22 ms behind its marks throughout (the decoder's delay).</li>
 *   <li>Opus chapters are copied as they are: the timeline is exact, the decoded audio gains the
 *       next chapter's 6.5 ms pre-skip at each join (0.2 s over 30 chapters), too little to re-encode
 *       for.</li>
 * </ul>
 */
public final class AudioEncoder {

  /** ffprobe reads headers only: seconds even for a long book. */
  static final Duration PROBE_TIMEOUT = Duration.ofMinutes(1);
  /** {@link #rms} decodes everything: ~1 min for a 10-hour book on one core. */
  static final Duration RMS_TIMEOUT = Duration.ofMinutes(10);
  /** The demuxers allowed when reading a file back: ours (mp4, mp3, ogg) and WAV. No playlists or devices. */
  private static final String READABLE_FORMATS = "mov,mp3,ogg,wav";

  private final Ffmpeg ffmpeg;

  public AudioEncoder(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * Encodes a WAV (PCM, any sample rate; mono speech, as a speech synthesizer writes it) into one
   * chapter file of {@code format}: mono at the format's bitrate and sample rate, no tags.
   *
   * @return the chapter file as ffprobe reads it: its {@link AudioProbe#durationMs()} is the length
   *         to give the chapter's mark
   * @throws AudioException {@link Reason#FAILED} when the WAV is unreadable or empty (the message
   *                        names it and carries ffmpeg's reason), {@link Reason#TIMED_OUT},
   *                        {@link Reason#CANCELLED}, {@link Reason#UNAVAILABLE}
   */
  public AudioProbe encodeChapter(Path wav, AudioFormat format, Path out, Duration timeout, BooleanSupplier cancelled)
      throws AudioException {
    String purpose = "encode " + wav.getFileName() + " as " + format;
    requireFile(wav, purpose);
    List<String> args = new ArrayList<>(List.of("-y", "-protocol_whitelist", "file", "-f", "wav", "-i", Ffmpeg.file(wav),
        "-map", "0:a:0", "-map_metadata", "-1", "-vn", "-ac", "1", "-ar", String.valueOf(format.sampleRate()),
        "-c:a", format.encoder(), "-b:a", String.valueOf(format.bitrate())));
    // see the class comment for why M4B and MP3 chapters carry no trimming information, and
    // AudioFormat's for the speed settings (aac_coder, compression_level with constrained VBR)
    switch (format) {
      case M4B -> args.addAll(List.of("-aac_coder", "fast",
          "-af", "aresample=" + format.sampleRate() + ",asetnsamples=n=1024:p=1",
          "-use_editlist", "0", "-movflags", "+faststart")); // faststart: playable before it is all downloaded
      case MP3 -> args.addAll(List.of("-write_xing", "0", "-id3v2_version", "0"));
      case OPUS -> args.addAll(List.of("-compression_level", "5", "-vbr", "constrained"));
    }
    return write(out, purpose, timeout, cancelled, 0, partial -> {
      args.addAll(List.of("-f", format.muxer(), Ffmpeg.file(partial)));
      ffmpeg.run(Tool.FFMPEG, args, purpose, timeout, cancelled);
    });
  }

  /**
   * Joins chapter files (each from {@link #encodeChapter} with the same {@code format}, in book
   * order) into one book file with a chapter track and the book's tags: an M4B podcast and
   * audiobook apps show chapters of, an MP3 with ID3v2.3 CHAP frames, an Ogg Opus with
   * {@code CHAPTERnnn} comments.
   *
   * @param chapters one mark per chapter, in order, not overlapping; titles may hold any
   *                 character (escaped for ffmpeg here)
   * @return the book as ffprobe reads it
   * @throws IllegalArgumentException for no files, no chapters, or chapters out of order
   * @throws AudioException           as {@link #encodeChapter}; {@link Reason#FAILED} as well when the
   *                                  book does not list every chapter
   */
  public AudioProbe assemble(List<Path> chapterFiles, List<ChapterMark> chapters, BookTags tags, AudioFormat format,
                             Path out, Duration timeout, BooleanSupplier cancelled) throws AudioException {
    requireInOrder(chapterFiles, chapters);
    String purpose = "join " + chapterFiles.size() + " chapter files into the " + format + " book " + out.getFileName();
    for (Path chapterFile : chapterFiles) {
      requireFile(chapterFile, purpose);
    }
    Path list = null;
    Path metadata = null;
    try {
      list = temporaryText(out, ".concat", ConcatList.of(chapterFiles), purpose);
      metadata = temporaryText(out, ".ffmetadata", FfMetadata.of(tags, chapters), purpose);
      List<String> args = new ArrayList<>(List.of("-y",
          "-protocol_whitelist", "file", "-format_whitelist", "concat," + READABLE_FORMATS,
          "-f", "concat", "-safe", "0", "-i", Ffmpeg.file(list),
          "-protocol_whitelist", "file", "-f", "ffmetadata", "-i", Ffmpeg.file(metadata),
          "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy"));
      switch (format) {
        case M4B -> args.addAll(List.of("-movflags", "+faststart"));
        // 2.3, not ffmpeg's 2.4: the version Windows, older iPods and many car players read
        case MP3 -> args.addAll(List.of("-id3v2_version", "3", "-write_xing", "1"));
        case OPUS -> { }
      }
      return write(out, purpose, timeout, cancelled, chapters.size(), partial -> {
        args.addAll(List.of("-f", format.muxer(), Ffmpeg.file(partial)));
        ffmpeg.run(Tool.FFMPEG, args, purpose, timeout, cancelled);
      });
    } finally {
      deleteQuietly(list);
      deleteQuietly(metadata);
    }
  }

  /**
   * Reads a file's length, audio stream, chapters and tags with ffprobe (MP4/M4A/M4B, MP3, Ogg and
   * WAV only).
   *
   * @throws AudioException {@link Reason#FAILED} for a missing or unreadable file or one without audio
   */
  public AudioProbe probe(Path file) throws AudioException {
    return probe(file, () -> false);
  }

  /**
   * The loudness of a file's audio as root mean square of its samples decoded to 16-bit mono,
   * from 0 (digital silence) to 1 (full scale); 0 for a file with no samples. Speech at a normal
   * level is around 0.05 to 0.2.
   *
   * @throws AudioException {@link Reason#FAILED} for a missing or unreadable file; the decoding may
   *                        take up to {@link #RMS_TIMEOUT}
   */
  public double rms(Path anyAudio) throws AudioException {
    String purpose = "decode " + anyAudio.getFileName();
    requireFile(anyAudio, purpose);
    List<String> args = List.of("-protocol_whitelist", "file", "-format_whitelist", READABLE_FORMATS,
        "-i", Ffmpeg.file(anyAudio), "-map", "0:a:0", "-ac", "1", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1");
    return ffmpeg.run(Tool.FFMPEG, args, purpose, RMS_TIMEOUT, () -> false, AudioEncoder::rmsOfS16le);
  }

  private AudioProbe probe(Path file, BooleanSupplier cancelled) throws AudioException {
    String purpose = "read " + file.getFileName();
    requireFile(file, purpose);
    List<String> args = List.of("-protocol_whitelist", "file", "-format_whitelist", READABLE_FORMATS,
        "-print_format", "json", "-show_format", "-show_streams", "-show_chapters", Ffmpeg.file(file));
    String json = ffmpeg.run(Tool.FFPROBE, args, purpose, PROBE_TIMEOUT, cancelled,
        in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
    try {
      return AudioProbe.parse(json);
    } catch (IllegalArgumentException e) {
      throw new AudioException(Reason.FAILED, "ffprobe could not " + purpose + ": " + e.getMessage(), e);
    }
  }

  /** What writes a file of ours to a temporary path. */
  @FunctionalInterface
  private interface Writer {
    void writeTo(Path partial) throws AudioException;
  }

  /**
   * Runs {@code writer} on a hidden file beside {@code out}, reads it back, checks it has audio (and
   * {@code chapters} chapters, when above 0), then moves it onto {@code out}; deletes it on any failure.
   */
  private AudioProbe write(Path out, String purpose, Duration timeout, BooleanSupplier cancelled, int chapters,
                           Writer writer) throws AudioException {
    Path partial = temporary(out, ".part", purpose);
    try {
      writer.writeTo(partial);
      AudioProbe probe;
      try {
        probe = probe(partial, cancelled);
      } catch (AudioException e) {
        if (e.reason() != Reason.FAILED) {
          throw e;
        }
        throw new AudioException(Reason.FAILED, "ffmpeg did not " + purpose + ": what it wrote holds no audio (is the input empty?)", e);
      }
      if (probe.durationMs() <= 0) {
        throw new AudioException(Reason.FAILED, "ffmpeg did not " + purpose + ": the result holds no audio (is the input empty?)");
      }
      if (chapters > 0 && probe.chapters().size() != chapters) {
        throw new AudioException(Reason.FAILED, "ffmpeg did not " + purpose + " with its chapters: the book lists "
            + probe.chapters().size() + " of " + chapters);
      }
      moveOnto(partial, out, purpose);
      return probe;
    } finally {
      deleteQuietly(partial);
    }
  }

  private static void moveOnto(Path partial, Path out, String purpose) throws AudioException {
    try {
      try {
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new AudioException(Reason.FAILED, "could not " + purpose + ": moving the result to " + out + " failed: " + e, e);
    }
  }

  private static Path temporaryText(Path out, String suffix, String text, String purpose) throws AudioException {
    Path file = temporary(out, suffix, purpose);
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      throw new AudioException(Reason.FAILED, "could not " + purpose + ": writing " + file + " failed: " + e, e);
    }
  }

  /** A new hidden file in {@code out}'s directory (same disk: the final move is a rename). */
  private static Path temporary(Path out, String suffix, String purpose) throws AudioException {
    Path directory = out.toAbsolutePath().getParent();
    try {
      return Files.createTempFile(directory, "." + out.getFileName() + ".", suffix);
    } catch (IOException e) {
      throw new AudioException(Reason.FAILED, "could not " + purpose + ": the directory " + directory
          + " does not take new files (" + e + ")", e);
    }
  }

  private static void requireFile(Path file, String purpose) throws AudioException {
    if (!Files.isRegularFile(file)) {
      throw new AudioException(Reason.FAILED, "could not " + purpose + ": " + file + " is not a file");
    }
  }

  private static void requireInOrder(List<Path> chapterFiles, List<ChapterMark> chapters) {
    if (chapterFiles.isEmpty() || chapters.isEmpty()) {
      throw new IllegalArgumentException("a book needs at least one chapter file and one chapter mark");
    }
    for (int i = 1; i < chapters.size(); i++) {
      if (chapters.get(i).startMs() < chapters.get(i - 1).endMs()) {
        throw new IllegalArgumentException("chapter " + (i + 1) + " starts at " + chapters.get(i).startMs()
            + " ms, before chapter " + i + " ends at " + chapters.get(i - 1).endMs() + " ms");
      }
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a hidden leftover in a temporary directory; nothing to tell the caller
      }
    }
  }

  /** Root mean square of little-endian signed 16-bit samples, as a fraction of full scale. */
  static double rmsOfS16le(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    double sumOfSquares = 0;
    long samples = 0;
    int carried = -1; // the low byte of a sample split between two reads
    int n;
    while ((n = in.read(buffer)) >= 0) {
      int i = 0;
      if (carried >= 0 && n > 0) {
        double s = (short) ((buffer[0] << 8) | carried);
        sumOfSquares += s * s;
        samples++;
        carried = -1;
        i = 1;
      }
      for (; i + 1 < n; i += 2) {
        double s = (short) ((buffer[i + 1] << 8) | (buffer[i] & 0xff));
        sumOfSquares += s * s;
        samples++;
      }
      if (i < n) {
        carried = buffer[i] & 0xff;
      }
    }
    return samples == 0 ? 0 : Math.sqrt(sumOfSquares / samples) / 32768.0;
  }
}
