package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.SpeechException;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.Voice;
import java.nio.file.Path;
import java.util.List;

/**
 * espeak-ng reading a text file given as its standard input ({@code --stdin}, never the text as
 * an argument) into a 22,050 Hz WAV: {@code espeak-ng -v <voice file> -s <words per minute> -b 1
 * -w <out> --stdin}. One process per request, so requests run in parallel.
 */
final class EspeakNgSynthesizer implements SpeechSynthesizer {

  /** espeak-ng's own default rate, in words per minute. */
  static final int NORMAL_WPM = 175;
  private static final int MIN_WPM = 80;
  private static final int MAX_WPM = 450;

  private final Path program;
  private final ScratchDirectory scratch;
  private final VoiceTable voices;
  private final ProcessEngine runner;

  private EspeakNgSynthesizer(Path program, ScratchDirectory scratch, VoiceTable voices) {
    this.program = program;
    this.scratch = scratch;
    this.voices = voices;
    this.runner = new ProcessEngine(EspeakNgProvider.NAME, scratch);
  }

  static EspeakNgSynthesizer open(Path program) throws SpeechException {
    ScratchDirectory scratch = ScratchDirectory.create(EspeakNgProvider.NAME);
    try {
      String listing = ProcessEngine.output(List.of(program.toString(), "--voices"), scratch);
      List<VoiceTable.Entry> entries = EspeakVoices.parse(EspeakNgProvider.NAME, listing);
      if (entries.isEmpty()) {
        throw new SpeechException(program + " --voices listed no voice; is espeak-ng-data installed?");
      }
      return new EspeakNgSynthesizer(program, scratch, new VoiceTable(EspeakNgProvider.NAME, entries));
    } catch (SpeechException | RuntimeException e) {
      scratch.close();
      throw e;
    }
  }

  @Override
  public String engine() {
    return EspeakNgProvider.NAME;
  }

  @Override
  public List<Voice> voices() {
    return voices.voices();
  }

  @Override
  public SpeechResult synthesize(SpeechRequest request, Path out) throws SpeechException {
    String voice = voices.argumentFor(request.voiceId());
    int wpm = Math.clamp(Math.round(NORMAL_WPM * request.speed()), MIN_WPM, MAX_WPM);
    return runner.synthesize(request, out, text -> List.of(program.toString(), "-v", voice, "-s", Integer.toString(wpm),
        "-b", "1", "-w", out.toAbsolutePath().toString(), "--stdin"), true);
  }

  @Override
  public void close() {
    runner.close();
    scratch.close();
  }
}
