package io.mediawhisperer.plugin.speech.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** espeak-ng's language names, as it lists them, in BCP 47. */
class LanguageTagsTest {

  @Test
  void espeakNamesBecomeCanonicalBcp47Tags() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("en-us", "en-US"),
        Map.entry("de", "de"),
        Map.entry("pt-br", "pt-BR"),
        Map.entry("es-419", "es-419"),
        Map.entry("en-029", "en-029"),
        Map.entry("fa-latn", "fa-Latn"),
        Map.entry("cmn-latn-pinyin", "cmn-Latn-pinyin"),
        Map.entry("en-gb-scotland", "en-GB-scotland"),
        Map.entry("en-gb-x-gbclan", "en-GB-x-gbclan"),
        Map.entry("vi-vn-x-central", "vi-VN-x-central"),
        Map.entry("chr-US-Qaaa-x-west", "chr-Qaaa-US-x-west"),
        Map.entry("en-us-nyc", "en-US-x-nyc"),
        Map.entry("piqd", "tlh-Piqd"),
        Map.entry("klingon", "und-x-klingon"));
    expected.forEach((espeak, bcp47) -> {
      assertThat(LanguageTags.fromEspeak(espeak)).as(espeak).isEqualTo(bcp47);
      if (!bcp47.startsWith("und-")) { // Java drops "und" in front of private use; the tag is valid all the same
        assertThat(Locale.forLanguageTag(bcp47).toLanguageTag()).as("Java reads %s whole", bcp47).isEqualTo(bcp47);
      }
    });
  }
}
