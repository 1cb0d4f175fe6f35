package io.mediawhisperer.audiobook.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FfMetadataTest {

  @Test
  void escapesTheFormatsSpecialCharactersAndLineBreaksWithABackslash() {
    assertThat(FfMetadata.escape("a=b;c#d\\e")).isEqualTo("a\\=b\\;c\\#d\\\\e");
    assertThat(FfMetadata.escape("line one\nline two\r")).isEqualTo("line one\\\nline two\\\r");
    assertThat(FfMetadata.escape("\"quoted\" 'single' été 日本")).isEqualTo("\"quoted\" 'single' été 日本");
  }

  @Test
  void dropsOtherControlCharactersButKeepsTabs() {
    assertThat(FfMetadata.escape("a\u0000b\u0007c\td\u007f")).isEqualTo("abc\td");
  }

  @Test
  void writesTheTagsAndAChapterSectionPerMarkInMilliseconds() {
    String text = FfMetadata.of(new BookTags("Title; part 1", "Ann", " "),
        List.of(new ChapterMark("#1", 0, 1500), new ChapterMark("Two", 1500, 4000)));

    assertThat(text).isEqualTo("""
        ;FFMETADATA1
        title=Title\\; part 1
        artist=Ann
        album_artist=Ann
        album=Title\\; part 1
        genre=Audiobook

        [CHAPTER]
        TIMEBASE=1/1000
        START=0
        END=1500
        title=\\#1

        [CHAPTER]
        TIMEBASE=1/1000
        START=1500
        END=4000
        title=Two
        """);
  }

  @Test
  void leavesOutBlankTags() {
    assertThat(FfMetadata.of(new BookTags(null, "", null), List.of(new ChapterMark("c", 0, 1))))
        .startsWith(";FFMETADATA1\ngenre=Audiobook\n\n[CHAPTER]");
  }
}
