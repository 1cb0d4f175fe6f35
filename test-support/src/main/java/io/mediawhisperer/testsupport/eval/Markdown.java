package io.mediawhisperer.testsupport.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table of text and numbers (recalls with three decimals). */
final class Markdown {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Markdown(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  Markdown row(List<?> cells) {
    rows.add(cells.stream().map(c -> c instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(c)).toList());
    return this;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    line(out, headers);
    line(out, headers.stream().map(h -> "---").toList());
    rows.forEach(row -> line(out, row));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }
}
