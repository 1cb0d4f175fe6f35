package io.mediawhisperer.plugin.transcript.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class YouTubeCaptionTrackTest {

  private static final CaptionTrack ASR_EN = new CaptionTrack("/api/timedtext?lang=en&kind=asr", "en", true);
  private static final CaptionTrack MANUAL_EN_GB = new CaptionTrack("/api/timedtext?lang=en-GB", "en-GB", false);
  private static final CaptionTrack MANUAL_DE = new CaptionTrack("/api/timedtext?lang=de", "de", false);
  private static final CaptionTrack ASR_FR = new CaptionTrack("/api/timedtext?lang=fr&kind=asr", "fr", true);
  private static final CaptionTrack MANUAL_FR = new CaptionTrack("/api/timedtext?lang=fr", "fr", false);

  @Test
  void theAskedLanguagesManualTrackComesBeforeItsAutomaticOne() {
    assertThat(CaptionTrack.choose(List.of(ASR_FR, MANUAL_DE, MANUAL_FR), "fr")).contains(MANUAL_FR);
    assertThat(CaptionTrack.choose(List.of(ASR_FR, MANUAL_DE), "FR")).contains(ASR_FR);
  }

  @Test
  void anExactLanguageBeatsARegionalOneWhichBeatsTheVideosOwn() {
    assertThat(CaptionTrack.choose(List.of(MANUAL_EN_GB, ASR_EN), "en")).contains(ASR_EN);
    assertThat(CaptionTrack.choose(List.of(MANUAL_DE, MANUAL_EN_GB), "en")).contains(MANUAL_EN_GB);
    assertThat(CaptionTrack.choose(List.of(MANUAL_DE, ASR_EN), "en-US")).contains(ASR_EN);
  }

  @Test
  void withoutATrackInTheAskedLanguageTheFirstManualOneElseTheFirstIsTaken() {
    assertThat(CaptionTrack.choose(List.of(ASR_EN, MANUAL_DE, MANUAL_FR), "ja")).contains(MANUAL_DE);
    assertThat(CaptionTrack.choose(List.of(ASR_EN, MANUAL_DE), null)).contains(MANUAL_DE);
    assertThat(CaptionTrack.choose(List.of(ASR_FR, ASR_EN), " ")).contains(ASR_FR);
    assertThat(CaptionTrack.choose(List.of(), "en")).isEmpty();
  }
}
