package io.mediawhisperer.testsupport.eval;

import java.util.Arrays;
import java.util.List;

/**
 * A text file as the chunker sees it (each line stripped, whitespace collapsed, lines joined by
 * one space), with where each line begins, so that a chunk's text can be placed on lines.
 */
final class LineIndex {

  /** 1-based, inclusive. */
  record Span(int first, int last) {
  }

  /** How much of a chunk's start, middle or end is looked up: enough to be unique, short enough to survive trimming. */
  private static final int SNIPPET = 40;

  private final String text;
  private final int[] lineStart;

  LineIndex(List<String> lines) {
    StringBuilder joined = new StringBuilder();
    lineStart = new int[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip().replaceAll("\\s+", " ");
      if (!line.isEmpty() && joined.length() > 0) {
        joined.append(' ');
      }
      lineStart[i] = joined.length();
      joined.append(line);
    }
    text = joined.toString();
  }

  /** The lines a chunk's text covers, found by its first and last characters (or its middle); null if not found. */
  Span spanOf(String chunk) {
    int snippet = Math.min(SNIPPET, chunk.length());
    int first = text.indexOf(chunk.substring(0, snippet));
    int last = text.indexOf(chunk.substring(chunk.length() - snippet));
    if (first < 0 && last < 0) {
      int middle = text.indexOf(chunk.substring((chunk.length() - snippet) / 2, (chunk.length() + snippet) / 2));
      first = last = middle;
    }
    if (first < 0) {
      first = last;
    }
    if (last < 0) {
      last = first;
    }
    if (first < 0) {
      return null;
    }
    return new Span(lineAt(first), lineAt(last + snippet - 1));
  }

  private int lineAt(int offset) {
    int i = Arrays.binarySearch(lineStart, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }
}
