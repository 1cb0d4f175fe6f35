package io.mediawhisperer.plugin.speech.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.speech.Voice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the programs list as their voices, as espeak-ng 1.51 and flite 2.2 print it. */
class VoiceListingsTest {

  private static final String ESPEAK = """
      Pty Language       Age/Gender VoiceName          File                 Other Languages
       5  af              --/M      Afrikaans          gmw/af              \s
       2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
       5  chr-US-Qaaa-x-west --/M      Cherokee_          iro/chr             \s
       5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
       5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
       5  evil            --/M      Evil               -v/../../etc/passwd
       5  en-us           --/M      Again              gmw/en-US
      """;

  @Test
  void espeakVoicesAreNamedAfterTheirFilesWhichEspeakIsGiven() {
    List<VoiceTable.Entry> entries = EspeakVoices.parse("espeak-ng", ESPEAK);
    assertThat(entries).extracting(e -> e.voice().id())
        .containsExactly("espeak-ng:af", "espeak-ng:en-us", "espeak-ng:chr", "espeak-ng:yue", "espeak-ng:yue-latn-jyutping");
    assertThat(entries).extracting(VoiceTable.Entry::argument)
        .containsExactly("gmw/af", "gmw/en-US", "iro/chr", "sit/yue", "sit/yue-Latn-jyutping");
    assertThat(entries.get(1).voice()).isEqualTo(new Voice("espeak-ng:en-us", "espeak-ng", "en-US", "English (America)"));
    assertThat(entries.get(2).voice().language()).isEqualTo("chr-Qaaa-US-x-west");
    assertThat(entries.get(4).voice().name()).isEqualTo("Chinese (Cantonese, latin as Jyutping)");
  }

  @Test
  void fliteVoicesLeaveOutTheOnesThatOnlyTellTheTime() {
    List<VoiceTable.Entry> entries = FliteVoices.parse("flite", "Voices available: kal awb_time kal16 awb rms slt \n");
    assertThat(entries).extracting(e -> e.voice().id())
        .containsExactly("flite:kal", "flite:kal16", "flite:awb", "flite:rms", "flite:slt");
    assertThat(entries).extracting(VoiceTable.Entry::argument).containsExactly("kal", "kal16", "awb", "rms", "slt");
    assertThat(entries).allSatisfy(e -> assertThat(e.voice().language()).isEqualTo("en-US"));
    assertThat(entries.get(4).voice().name()).isEqualTo("SLT (flite, US English female)");
  }

  @Test
  void onlyAListedIdReachesTheProgramAndAnUnknownOneNamesSomeThatExist() {
    VoiceTable table = new VoiceTable("flite", FliteVoices.parse("flite", "Voices available: kal slt"));
    assertThat(table.argumentFor("flite:slt")).isEqualTo("slt");
    assertThatThrownBy(() -> table.argumentFor("flite:-voice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("flite has no voice 'flite:-voice'; it has 2 (flite:kal, flite:slt)");
    assertThatThrownBy(() -> new VoiceTable("flite", List.of())).hasMessageContaining("lists no voice");
  }
}
