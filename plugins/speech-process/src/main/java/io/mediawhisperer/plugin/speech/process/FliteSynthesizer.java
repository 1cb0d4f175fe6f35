package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.Voice;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * flite reading a text file ({@code -f}, never the text as an argument: flite would take an
 * argument with no space in it for a file name) into a WAV, 16 kHz for its usual voices:
 * {@code flite -voice <name> --setf duration_stretch=<1/speed> -f <text file> -o <out>}. One
 * process per request, so requests run in parallel.
 */
final class FliteSynthesizer implements SpeechSynthesizer {

  private final Path program;
  private final ScratchDirectory scratch;
  private final VoiceTable voices;
  private final ProcessEngine runner;

  private FliteSynthesizer(Path program, ScratchDirectory scratch, VoiceTable voices) {
    this.program = program;
    this.scratch = scratch;
    this.voices = voices;
    this.runner = new ProcessEngine(FliteProvider.NAME, scratch);
  }

  static FliteSynthesizer open(Path program) throws SpeechException {
    ScratchDirectory scratch = ScratchDirectory.create(FliteProvider.NAME);
    try {
      String listing = ProcessEngine.output(List.of(program.toString(), "-lv"), scratch);
      List<VoiceTable.Entry> entries = FliteVoices.parse(FliteProvider.NAME, listing);
      if (entries.isEmpty()) {
        throw new SpeechException(program + " -lv listed no voice that reads any text (it said: " + listing.strip() + ")");
      }
      return new FliteSynthesizer(program, scratch, new VoiceTable(FliteProvider.NAME, entries));
    } catch (SpeechException | RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  @Override
  public String engine() {
    return FliteProvider.NAME;
  }

  @Override
  public List<Voice> voices() {
    return voices.voices();
  }

  /** Both paths are given absolute: no argument starts with a dash, and none is flite's {@code play} or {@code none}. */
  @Override
  public SpeechResult synthesize(SpeechRequest request, Path out) throws SpeechException {
    String voice = voices.argumentFor(request.voiceId());
    String stretch = String.format(Locale.ROOT, "duration_stretch=%.3f", 1.0 / request.speed());
    return runner.synthesize(request, out, text -> List.of(program.toString(), "-voice", voice, "--setf", stretch,
        "-f", text.toAbsolutePath().toString(), "-o", out.toAbsolutePath().toString()), false);
  }

  @Override
  public void close() {
    runner.close();
    scratch.close();
  }
}
