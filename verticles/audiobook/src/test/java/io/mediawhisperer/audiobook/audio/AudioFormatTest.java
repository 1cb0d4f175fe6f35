package io.mediawhisperer.audiobook.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioFormatTest {

  @Test
  void parsesTheIdsWhateverTheirCase() {
    assertThat(AudioFormat.parse("m4b")).isEqualTo(AudioFormat.M4B);
    assertThat(AudioFormat.parse(" MP3 ")).isEqualTo(AudioFormat.MP3);
    assertThat(AudioFormat.parse("Opus")).isEqualTo(AudioFormat.OPUS);
  }

  @Test
  void anUnknownFormatIsRefusedListingTheFormats() {
    assertThatThrownBy(() -> AudioFormat.parse("wav"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown audio format 'wav': the formats are m4b, mp3, opus");
    assertThatThrownBy(() -> AudioFormat.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m4b, mp3, opus");
  }

  @Test
  void eachFormatHasItsContentTypeAndExtensions() {
    assertThat(AudioFormat.M4B.contentType()).isEqualTo("audio/mp4");
    assertThat(AudioFormat.M4B.extension()).isEqualTo("m4b");
    assertThat(AudioFormat.M4B.chapterExtension()).isEqualTo("m4a");
    assertThat(AudioFormat.M4B.muxer()).isEqualTo("ipod");
    assertThat(AudioFormat.MP3.contentType()).isEqualTo("audio/mpeg");
    assertThat(AudioFormat.MP3.extension()).isEqualTo("mp3");
    assertThat(AudioFormat.MP3.chapterExtension()).isEqualTo("mp3");
    assertThat(AudioFormat.OPUS.contentType()).isEqualTo("audio/ogg");
    assertThat(AudioFormat.OPUS.extension()).isEqualTo("opus");
    assertThat(AudioFormat.OPUS.chapterExtension()).isEqualTo("opus");
    for (AudioFormat format : AudioFormat.values()) {
      assertThat(AudioFormat.parse(format.id())).isEqualTo(format);
    }
  }
}
