package io.mediawhisperer.plugin.chat.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  @Test
  void readsDataLinesAndSkipsCommentsFieldsAndBlankLines() {
    String stream = ": keep-alive\n\nevent: message\nid: 7\nretry: 1000\ndata: {\"a\":1}\n\ndata:{\"b\":2}\n\n: ping\n\ndata: [DONE]\n\n";
    assertThat(parse(stream, stream.length())).containsExactly("{\"a\":1}", "{\"b\":2}", "[DONE]");
  }

  @Test
  void acceptsEveryLineEnd() {
    assertThat(parse("data: 1\r\n\r\ndata: 2\r\rdata: 3\n\ndata: 4", 100)).containsExactly("1", "2", "3", "4");
  }

  @Test
  void assemblesLinesSplitAnywhereEvenInsideACharacterOrACrlf() {
    String stream = "data: {\"content\":\"naïve café 👍\"}\r\n\r\ndata: [DONE]\r\n\r\n";
    for (int size = 1; size <= 7; size++) {
      assertThat(parse(stream, size)).as("pieces of %d bytes", size)
          .containsExactly("{\"content\":\"naïve café 👍\"}", "[DONE]");
    }
  }

  @Test
  void takesBareJsonLinesAsDataAndRemembersWhatItIgnored() {
    SseParser parser = new SseParser();
    List<String> payloads = parser.feed("<html>\n{\"choices\":[]}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(payloads).containsExactly("{\"choices\":[]}");
    assertThat(parser.firstIgnoredLine()).isEqualTo("<html>");
  }

  @Test
  void aLastLineWithoutALineEndCountsAtTheEnd() {
    SseParser parser = new SseParser();
    assertThat(parser.feed("data: x".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(parser.finish()).containsExactly("x");
    assertThat(parser.finish()).isEmpty();
  }

  private static List<String> parse(String stream, int pieceSize) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    SseParser parser = new SseParser();
    List<String> payloads = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += pieceSize) {
      payloads.addAll(parser.feed(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + pieceSize))));
    }
    payloads.addAll(parser.finish());
    return payloads;
  }
}
