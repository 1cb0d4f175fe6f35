package io.mediawhisperer.plugin.transcript.youtube;

import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.spi.transcript.VideoTranscript.Segment;
import io.mediawhisperer.testsupport.video.FakeYouTube;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class YouTubeTimedTextTest {

  private static final VideoFixtures.Track MANUAL_EN = VideoFixtures.CAPTIONED.tracks().get(0);
  private static final VideoFixtures.Track ASR_DE = VideoFixtures.CAPTIONED.tracks().get(1);

  @Test
  void json3OfAManualTrackKeepsQuotesAmpersandsAndAnglesAndJoinsItsLineBreak() {
    assertMatches(TimedText.json3(FakeYouTube.json3(MANUAL_EN)), MANUAL_EN);
  }

  @Test
  void json3OfASpeechRecognitionTrackJoinsItsWordsAndDropsSetupAndLineBreakEvents() {
    List<Segment> segments = TimedText.json3(FakeYouTube.json3(ASR_DE));
    assertMatches(segments, ASR_DE);
  }

  @Test
  void json3EventsComeInOrderOfStartAndWithoutEmptyOnes() {
    String recorded = """
        {"wireMagic":"pb3","events":[
          {"tStartMs":5000,"dDurationMs":1500,"segs":[{"utf8":"second"}]},
          {"tStartMs":0,"dDurationMs":99000,"id":1,"wpWinPosId":1},
          {"tStartMs":1200,"dDurationMs":3000,"segs":[{"utf8":"first"},{"utf8":"  line\\n","tOffsetMs":400}]},
          {"tStartMs":4199,"dDurationMs":1,"aAppend":1,"segs":[{"utf8":"\\n"}]},
          {"tStartMs":7000,"segs":[{"utf8":"no duration"}]}]}""";
    assertThat(TimedText.json3(recorded)).containsExactly(new Segment(1.2, 3.0, "first line"), new Segment(5.0, 1.5, "second"),
        new Segment(7.0, 0, "no duration"));
  }

  @Test
  void theClassicXmlReadsLikeJson3() {
    assertMatches(TimedText.xml(FakeYouTube.xml(MANUAL_EN)), MANUAL_EN);
    assertMatches(TimedText.xml(FakeYouTube.xml(ASR_DE)), ASR_DE);
  }

  @Test
  void theClassicXmlsSecondLayerOfEscapingIsUndoneAndBlankLinesAreSkipped() {
    String recorded = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><transcript>"
        + "<text start=\"0.03\" dur=\"2.1\">I&amp;#39;m here &amp;amp; there</text>"
        + "<text start=\"2.13\" dur=\"1\">  \n </text>"
        + "<text start=\"3.5\" dur=\"1.25\">caf&amp;#xe9;\nnext&#160;line &amp;quot;quoted&amp;quot; &amp;unknown;</text>"
        + "</transcript>";
    assertThat(TimedText.xml(recorded)).containsExactly(new Segment(0.03, 2.1, "I'm here & there"),
        new Segment(3.5, 1.25, "café next line \"quoted\" &unknown;"));
  }

  @Test
  void anXmlTrackCannotReachFilesThroughEntities() {
    String hostile = "<?xml version=\"1.0\"?><!DOCTYPE transcript [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
        + "<transcript><text start=\"0\" dur=\"1\">&secret;</text></transcript>";
    assertInvalid(() -> TimedText.xml(hostile));
  }

  @Test
  void brokenOrEmptyTracksAreInvalidResponses() {
    assertInvalid(() -> TimedText.json3(""));
    assertInvalid(() -> TimedText.json3("{\"events\":[{\"tStartMs\":0,"));
    assertInvalid(() -> TimedText.json3("{\"wireMagic\":\"pb3\"}"));
    assertInvalid(() -> TimedText.xml("<transcript><text start=\"0\" dur=\"1\">cut"));
    assertInvalid(() -> TimedText.xml("<transcript><text start=\"soon\" dur=\"1\">when?</text></transcript>"));
  }

  private static void assertInvalid(Runnable parse) {
    assertThatThrownBy(parse::run).isInstanceOfSatisfying(TranscriptException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE);
      assertThat(e.getMessage()).isNotBlank().doesNotContain("root:");
    });
  }
}
