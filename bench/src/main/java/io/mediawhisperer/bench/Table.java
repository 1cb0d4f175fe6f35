package io.mediawhisperer.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown-style table with aligned columns: text left, numbers right. */
final class Table {

  private final List<String> headers;
  private final boolean[] numeric;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
    this.numeric = new boolean[headers.length];
    java.util.Arrays.fill(numeric, true);
  }

  Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      Object cell = cells[i];
      if (!(cell instanceof Number) && !"-".equals(cell)) {
        numeric[i] = false;
      }
      row.add(format(cell));
    }
    rows.add(row);
    return this;
  }

  static String format(Object cell) {
    if (cell == null) {
      return "-";
    }
    if (cell instanceof Double || cell instanceof Float) {
      double d = ((Number) cell).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "-";
      }
      return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }
    return String.valueOf(cell).replace('|', '/').replace('\n', ' ');
  }

  String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(3, headers.get(i).length());
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    out.append('|');
    for (int i = 0; i < widths.length; i++) {
      out.append(' ').append("-".repeat(widths[i] - (numeric[i] ? 1 : 0))).append(numeric[i] ? ":" : "").append(" |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      out.append(' ').append(numeric[i] ? pad + cell : cell + pad).append(" |");
    }
    out.append('\n');
  }
}
