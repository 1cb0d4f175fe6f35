package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.WavFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What the engines run as programs share: the request's text written to a private file (the
 * program reads it from there, as its input or as the file it is told to read, never from its
 * arguments), one process per request, and the WAV it wrote read back as the answer.
 */
final class ProcessEngine {

  /** How long listing an engine's voices may take. */
  static final Duration LISTING_TIME = Duration.ofSeconds(30);

  private final String engine;
  private final ScratchDirectory scratch;
  private volatile boolean closed;

  ProcessEngine(String engine, ScratchDirectory scratch) {
    this.engine = engine;
    this.scratch = scratch;
  }

  /**
   * Runs the command {@code commandFor} makes of the text file, and reads the WAV at {@code out}.
   *
   * @param textOnStdin whether the program reads the text file as its standard input (else it is
   *                    given its path in the command)
   */
  SpeechResult synthesize(SpeechRequest request, Path out, Function<Path, List<String>> commandFor, boolean textOnStdin)
      throws SpeechException {
    if (closed) {
      throw new IllegalStateException("the " + engine + " engine is closed");
    }
    Path text = null;
    try {
      text = scratch.writeText(request.text());
      ProgramRun.run(commandFor.apply(text), scratch.path(), textOnStdin ? text : null, null, request.deadline(),
          request.cancelled());
      return WavFiles.resultOf(out);
    } catch (IOException e) {
      throw new SpeechException(engine + " left no WAV file that can be read at " + out + ": " + e.getMessage(), e);
    } finally {
      if (text != null) {
        try {
          Files.deleteIfExists(text);
        } catch (IOException e) {
          // removed with the scratch directory when the engine closes
        }
      }
    }
  }

  /** What {@code command} writes to its standard output, within {@link #LISTING_TIME}. */
  static String output(List<String> command, ScratchDirectory scratch) throws SpeechException {
    Path listing = null;
    try {
      listing = Files.createTempFile(scratch.path(), "listing-", ".txt");
      ProgramRun.run(command, scratch.path(), null, listing, Instant.now().plus(LISTING_TIME), () -> false);
      return Files.readString(listing, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpeechException("cannot read what " + String.join(" ", command) + " printed: " + e.getMessage(), e);
    } finally {
      if (listing != null) {
        try {
          Files.deleteIfExists(listing);
        } catch (IOException e) {
          // removed with the scratch directory
        }
      }
    }
  }

  void close() {
    closed = true;
  }
}
