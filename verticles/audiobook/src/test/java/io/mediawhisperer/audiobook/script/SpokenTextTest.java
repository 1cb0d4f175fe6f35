package io.mediawhisperer.audiobook.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small replacements that make a paragraph fit to speak. */
class SpokenTextTest {

  @Test
  void aLinkIsItsHostAndTheSentenceKeepsItsFullStop() {
    assertThat(SpokenText.speakable("Download it from https://www.Example.com:8443/files/v2.tar.gz."))
        .isEqualTo("Download it from (link to example.com).");
    assertThat(SpokenText.speakable("See <http://docs.example.org/guide/> and www.example.net, then go on"))
        .isEqualTo("See (link to docs.example.org) and (link to example.net), then go on.");
  }

  @Test
  void addressesNumbersAndMarksReadAsAPersonWouldSayThem() {
    assertThat(SpokenText.speakable("Write to help-libtasn1@gnu.org or {gal,eich}@mozilla.com"))
        .isEqualTo("Write to help-libtasn1 at gnu dot org or (addresses at mozilla dot com)");
    assertThat(SpokenText.speakable("Call 0049301234567 about order 2024, really???"))
        .isEqualTo("Call (a long number) about order 2024, really?");
    assertThat(SpokenText.speakable("Chapter 1 . . . . . . . . 7")).isEqualTo("Chapter 1 7.");
    assertThat(SpokenText.speakable("• ## not a heading")).isEqualTo("## not a heading.");
    assertThat(SpokenText.speakable("## A heading")).isEqualTo("A heading.");
    assertThat(SpokenText.speakable("→ ∗ ~~~")).isEmpty();
  }

  @Test
  void aTitleSpeaksItsRangeWithTo() {
    assertThat(SpokenText.title("Article I – Article 7")).isEqualTo("Article I to Article 7.");
    assertThat(SpokenText.title("Is this a question?")).isEqualTo("Is this a question?");
  }

  @Test
  void transcriptTimesAreClocksAndSpokenAsMinutes() {
    assertThat(TranscriptSections.clock(0.424)).isEqualTo("00:00:00");
    assertThat(TranscriptSections.clock(3_725.9)).isEqualTo("01:02:05");
    assertThat(TranscriptSections.spokenStart(59.9)).isEqualTo("From the beginning.");
    assertThat(TranscriptSections.spokenStart(600)).isEqualTo("From minute 10.");
    assertThat(TranscriptSections.spokenStart(3_600)).isEqualTo("From 1 hour.");
    assertThat(TranscriptSections.spokenStart(7_560)).isEqualTo("From 2 hours 6 minutes.");
  }

  @Test
  void wordsCountJoinedWordsOnceAndVowelSignsInsideAWord() {
    assertThat(Chapter.words("Don't split well-known 3.14, please.")).isEqualTo(5);
    assertThat(Chapter.words("الشَّعب اليمني")).isEqualTo(2);
    assertThat(Chapter.words("(code omitted)")).isEqualTo(2);
    assertThat(Chapter.words(" -- ")).isZero();
  }
}
