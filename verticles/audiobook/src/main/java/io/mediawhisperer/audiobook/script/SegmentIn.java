package io.mediawhisperer.audiobook.script;

/** A timed piece of a transcript, in seconds from the start. */
public record SegmentIn(double start, double end, String text) {

  public SegmentIn {
    text = text == null ? "" : text;
  }
}
