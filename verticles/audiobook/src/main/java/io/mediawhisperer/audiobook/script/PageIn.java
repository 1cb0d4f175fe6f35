package io.mediawhisperer.audiobook.script;

/** A page of a document as its parser read it (lines as set, headers and page numbers included), numbered from 1. */
public record PageIn(int number, String text) {

  public PageIn {
    text = text == null ? "" : text;
  }
}
