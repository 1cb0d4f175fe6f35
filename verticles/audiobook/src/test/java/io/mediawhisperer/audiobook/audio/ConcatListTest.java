package io.mediawhisperer.audiobook.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcatListTest {

  @Test
  void listsEachFileAsAQuotedAbsoluteFileUrl() {
    assertThat(ConcatList.of(List.of(Path.of("/tmp/a b/1.m4a"), Path.of("/tmp/it's/2.m4a"))))
        .isEqualTo("ffconcat version 1.0\nfile 'file:/tmp/a b/1.m4a'\nfile 'file:/tmp/it'\\''s/2.m4a'\n");
  }

  @Test
  void refusesALineBreakInAName() {
    assertThatThrownBy(() -> ConcatList.quote("/tmp/a\nfile '/etc/passwd'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
  }
}
