package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.Voice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The voices in {@code espeak-ng --voices}, a table of one voice per line:
 *
 * <pre>
 * Pty Language       Age/Gender VoiceName          File                 Other Languages
 *  2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 *  5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
 * </pre>
 *
 * A voice is named after its file ({@code espeak-ng:en-us}, {@code espeak-ng:yue-latn-jyutping}),
 * since two voices may share a language (both of those {@code yue}s), and espeak-ng is given the
 * file as its {@code -v} argument, which names exactly one voice.
 */
final class EspeakVoices {

  /** What espeak-ng accepts as a voice file: relative, no "..", never an option. */
  private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*");

  private EspeakVoices() {
  }

  static List<VoiceTable.Entry> parse(String engine, String listing) {
    List<VoiceTable.Entry> voices = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String line : listing.split("\\R")) {
      String[] columns = line.strip().split("\\s+", 6);
      if (columns.length < 5 || !columns[0].matches("\\d+")) {
        continue; // the heading, a blank line
      }
      String language = columns[1];
      String name = columns[3].replace('_', ' ');
      String file = columns[4];
      if (!FILE.matcher(file).matches()) {
        continue;
      }
      String id = engine + ":" + file.substring(file.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
      if (ids.add(id)) {
        voices.add(new VoiceTable.Entry(new Voice(id, engine, LanguageTags.fromEspeak(language), name), file));
      }
    }
    return voices;
  }
}
