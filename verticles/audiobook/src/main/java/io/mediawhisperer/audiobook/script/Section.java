package io.mediawhisperer.audiobook.script;

import java.util.List;

/**
 * A piece of a book before chapters are shaped: a title, how it is spoken, and the speakable
 * paragraphs under it (its heading not among them).
 *
 * @param opening  the text before the first heading or bookmark, titled with the book's title
 * @param fromPage with {@code toPage}, the pages a section made by page count covers (0 otherwise):
 *                 such sections merged are titled by their pages again
 */
record Section(String title, String spokenTitle, List<String> paragraphs, boolean opening, int fromPage, int toPage) {

  Section {
    paragraphs = List.copyOf(paragraphs);
  }

  static Section titled(String title, List<String> paragraphs) {
    return new Section(title, SpokenText.title(title), paragraphs, false, 0, 0);
  }

  static Section opening(String title, List<String> paragraphs) {
    return new Section(title, SpokenText.title(title), paragraphs, true, 0, 0);
  }

  static Section pages(int from, int to, List<String> paragraphs) {
    String title = from == to ? "Page " + from : "Pages " + from + " to " + to;
    return new Section(title, SpokenText.title(title), paragraphs, false, from, to);
  }

  boolean byPages() {
    return fromPage > 0;
  }

  /** Words of the paragraphs that say something: announcements such as "(code omitted)" do not count. */
  int words() {
    return paragraphs.stream().filter(p -> !Announcements.is(p)).mapToInt(Chapter::words).sum();
  }
}
