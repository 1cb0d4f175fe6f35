package io.mediawhisperer.audiobook.script;

/**
 * A bookmark of a PDF's outline (the PDF parser's {@code outline} metadata): its title, the page it
 * opens (from 1) and its depth (1 for the top).
 */
public record OutlineEntry(String title, int pageNumber, int level) {

  public OutlineEntry {
    title = title == null ? "" : title.strip();
  }
}
