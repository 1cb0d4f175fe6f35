package io.mediawhisperer.plugin.chat.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a server-sent-events stream into the payloads of its {@code data:} lines, as bytes
 * arrive in arbitrary pieces. Lines end with LF, CRLF or CR, and a piece may end in the middle
 * of a line, of a CRLF, or of a multi-byte character: lines are assembled from bytes and only
 * decoded once whole. Comments ({@code : keep-alive}), blank lines and the other fields
 * ({@code event:}, {@code id:}, {@code retry:}) carry nothing a chat answer needs. Chat servers
 * put one JSON object on each {@code data:} line, so each line is a payload of its own; a line of
 * bare JSON (a server that forgot the {@code data:} prefix) is read as one too. Not thread-safe:
 * one parser reads one response.
 */
final class SseParser {

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean afterCarriageReturn;
  private String firstIgnoredLine;

  /** The payloads completed by {@code bytes}, in order. */
  List<String> feed(byte[] bytes) {
    List<String> payloads = new ArrayList<>();
    for (byte b : bytes) {
      if (b == '\n' && afterCarriageReturn) {
        afterCarriageReturn = false; // the LF of a CRLF
        continue;
      }
      afterCarriageReturn = b == '\r';
      if (b == '\n' || b == '\r') {
        endLine(payloads);
      } else {
        line.write(b);
      }
    }
    return payloads;
  }

  /** The payload of a last line that had no line end, if any. */
  List<String> finish() {
    List<String> payloads = new ArrayList<>();
    if (line.size() > 0) {
      endLine(payloads);
    }
    return payloads;
  }

  /** The first line that was neither data, a comment nor a known field: what to quote when nothing made sense. */
  String firstIgnoredLine() {
    return firstIgnoredLine;
  }

  private void endLine(List<String> payloads) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isBlank() || text.startsWith(":")) {
      return;
    }
    if (text.startsWith("data:")) {
      String data = text.substring(5);
      payloads.add(data.startsWith(" ") ? data.substring(1) : data);
    } else if (text.stripLeading().startsWith("{")) {
      payloads.add(text.strip());
    } else if (!(text.startsWith("event:") || text.startsWith("id:") || text.startsWith("retry:"))
        && firstIgnoredLine == null) {
      firstIgnoredLine = text;
    }
  }
}
