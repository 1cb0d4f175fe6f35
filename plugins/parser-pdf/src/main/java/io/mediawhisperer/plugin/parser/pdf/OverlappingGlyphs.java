package io.mediawhisperer.plugin.parser.pdf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The glyphs shown so far on one page, to find a glyph drawn again over itself (fake bold, a
 * shadow), whose text would otherwise come out twice: the same text less than a third of its width
 * per character away from an earlier one, on both axes. This is PDFTextStripper's own rule
 * ({@code setSuppressDuplicateOverlappingText}), which keeps a TreeMap of boxed floats per
 * character and searches it per glyph: 62% of the parse of octave.pdf (1,158 pages) went there.
 * Here an earlier glyph is looked for only among the same text's glyphs in the 8-point rows of the
 * page that the tolerance reaches. Not thread-safe: one extractor, one page at a time.
 */
final class OverlappingGlyphs {

  private static final float ROW_HEIGHT = 8f;
  /** A tolerance reaching further than this many rows (a glyph hundreds of points wide) is not checked. */
  private static final int MAX_ROWS = 64;

  private record Row(String text, int row) {
  }

  /** x, y pairs of the glyphs shown, by text and row. */
  private final Map<Row, Positions> shown = new HashMap<>();

  /** A new page: nothing shown yet. */
  void clear() {
    shown.clear();
  }

  /**
   * True when an earlier glyph of the same text lies within the tolerance of this one (x and y both
   * in [v - tolerance, v + tolerance)); otherwise remembers this one and answers false.
   */
  boolean repeatsEarlier(String text, float x, float y, float width) {
    float tolerance = width / text.length() / 3f;
    // an empty text (tolerance infinite or NaN) or a negative width: nothing to compare against
    if (!(tolerance >= 0 && tolerance <= MAX_ROWS * ROW_HEIGHT / 2)) {
      return false;
    }
    for (int row = row(y - tolerance), last = row(y + tolerance); row <= last; row++) {
      Positions positions = shown.get(new Row(text, row));
      if (positions != null && positions.anyWithin(x, y, tolerance)) {
        return true;
      }
    }
    shown.computeIfAbsent(new Row(text, row(y)), r -> new Positions()).add(x, y);
    return false;
  }

  private static int row(float y) {
    return (int) Math.floor(y / ROW_HEIGHT);
  }

  private static final class Positions {
    private float[] xy = new float[8];
    private int size;

    void add(float x, float y) {
      if (size + 2 > xy.length) {
        xy = Arrays.copyOf(xy, xy.length * 2);
      }
      xy[size++] = x;
      xy[size++] = y;
    }

    boolean anyWithin(float x, float y, float tolerance) {
      for (int i = 0; i < size; i += 2) {
        if (xy[i] >= x - tolerance && xy[i] < x + tolerance && xy[i + 1] >= y - tolerance && xy[i + 1] < y + tolerance) {
          return true;
        }
      }
      return false;
    }
  }
}
