package io.mediawhisperer.audiobook.script;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Sections into the chapters a listener moves between and a worker synthesizes one at a time:
 * <ol>
 *   <li>sections shorter than {@link ListeningScript.Settings#minChapterWords()} are merged with
 *       short neighbours (see {@link #mergeShort}): thirty one-paragraph articles make a handful
 *       of chapters, not thirty clicks;</li>
 *   <li>more chapters than {@link ListeningScript.Settings#maxChapters()} are grouped, as many
 *       consecutive ones in each as needed;</li>
 *   <li>a chapter longer than {@link ListeningScript.Settings#maxChapterWords()} is split into
 *       parts of about equal length at paragraph boundaries ({@code "Title, part 2"}), so one
 *       work unit stays small enough to redo after a node dies.</li>
 * </ol>
 * A merged chapter is titled {@code "First – Last"} (the book's title when it starts with the
 * opening; {@code "Pages 1 to 20"} for sections made by page count), and every section's own
 * title is still spoken where its text starts.
 */
final class ChapterShaping {

  private ChapterShaping() {
  }

  /** The chapters, numbered from 1; none when no section has anything to say. */
  static List<Chapter> chapters(List<Section> sections, ListeningScript.Settings settings, boolean mergeShort) {
    // counted once: a book of a thousand pages has half a million words
    Map<Section, Integer> words = new IdentityHashMap<>();
    sections.forEach(section -> words.put(section, section.words()));
    if (words.values().stream().mapToInt(Integer::intValue).sum() == 0) {
      return List.of();
    }
    List<List<Section>> groups = mergeShort ? mergeShort(sections, words, settings.minChapterWords()) : singletons(sections);
    groups = limit(groups, settings.maxChapters());
    List<Chapter> chapters = new ArrayList<>();
    for (List<Section> group : groups) {
      if (group.stream().mapToInt(words::get).sum() == 0) {
        continue;
      }
      Section first = group.getFirst();
      Section last = group.getLast();
      String title;
      String spoken;
      if (group.size() == 1 || first.opening()) {
        title = first.title();
        spoken = first.spokenTitle();
      } else if (first.byPages() && last.byPages()) {
        Section pages = Section.pages(first.fromPage(), last.toPage(), List.of());
        title = pages.title();
        spoken = pages.spokenTitle();
      } else {
        title = first.title() + " – " + last.title();
        spoken = SpokenText.title(title);
      }
      List<String> body = new ArrayList<>();
      for (Section section : group) {
        if ((section != first || !section.spokenTitle().equals(spoken)) && !section.spokenTitle().isEmpty()) {
          body.add(section.spokenTitle());
        }
        body.addAll(section.paragraphs());
      }
      split(title, spoken, body, settings.maxChapterWords(), chapters);
    }
    return chapters;
  }

  private static List<List<Section>> singletons(List<Section> sections) {
    List<List<Section>> groups = new ArrayList<>();
    for (Section section : sections) {
      groups.add(new ArrayList<>(List.of(section)));
    }
    return groups;
  }

  /**
   * Merges short groups, the shortest first, each with its shorter short neighbour; a short group
   * between long ones stays (an abstract before a long introduction is a chapter of its own)
   * unless it is tiny (under a third of the minimum), when it joins its shorter neighbour.
   */
  private static List<List<Section>> mergeShort(List<Section> sections, Map<Section, Integer> counted, int minWords) {
    List<List<Section>> groups = singletons(sections);
    List<Integer> words = new ArrayList<>(sections.stream().map(counted::get).toList());
    while (groups.size() > 1) {
      int best = -1;
      int target = -1;
      for (int i = 0; i < groups.size(); i++) {
        if (words.get(i) >= minWords || best >= 0 && words.get(i) >= words.get(best)) {
          continue;
        }
        int neighbour = neighbour(words, i, minWords, words.get(i) < minWords / 3);
        if (neighbour >= 0) {
          best = i;
          target = neighbour;
        }
      }
      if (best < 0) {
        break;
      }
      int keep = Math.min(best, target);
      int drop = Math.max(best, target);
      groups.get(keep).addAll(groups.remove(drop));
      words.set(keep, words.get(keep) + words.remove(drop));
    }
    return groups;
  }

  /** The neighbour group {@code i} merges with: the shorter of its short neighbours, or, when it is tiny, of any; -1 for none. */
  private static int neighbour(List<Integer> words, int i, int minWords, boolean tiny) {
    int chosen = -1;
    for (int candidate : new int[] {i - 1, i + 1}) {
      if (candidate < 0 || candidate >= words.size() || !tiny && words.get(candidate) >= minWords) {
        continue;
      }
      if (chosen < 0 || words.get(candidate) < words.get(chosen)) {
        chosen = candidate;
      }
    }
    return chosen;
  }

  private static List<List<Section>> limit(List<List<Section>> groups, int maxChapters) {
    if (groups.size() <= maxChapters) {
      return groups;
    }
    int size = (groups.size() + maxChapters - 1) / maxChapters;
    List<List<Section>> grouped = new ArrayList<>();
    for (int i = 0; i < groups.size(); i += size) {
      List<Section> merged = new ArrayList<>();
      groups.subList(i, Math.min(groups.size(), i + size)).forEach(merged::addAll);
      grouped.add(merged);
    }
    return grouped;
  }

  /** Adds the chapter, or its parts when it is longer than {@code maxWords}. */
  private static void split(String title, String spoken, List<String> body, int maxWords, List<Chapter> chapters) {
    int[] counts = body.stream().mapToInt(Chapter::words).toArray();
    int words = IntStream.of(counts).sum();
    int parts = Math.max(1, (words + maxWords - 1) / maxWords);
    if (parts == 1) {
      chapters.add(chapter(chapters.size() + 1, title, spoken, body));
      return;
    }
    double target = (double) words / parts;
    List<String> part = new ArrayList<>();
    int inPart = 0;
    int made = 0;
    for (int i = 0; i < body.size(); i++) {
      part.add(body.get(i));
      inPart += counts[i];
      if (inPart >= target && made < parts - 1) {
        made++;
        chapters.add(chapter(chapters.size() + 1, title + ", part " + made, part(spoken, made), part));
        part = new ArrayList<>();
        inPart = 0;
      }
    }
    if (!part.isEmpty()) {
      chapters.add(chapter(chapters.size() + 1, title + ", part " + (made + 1), part(spoken, made + 1), part));
    }
  }

  /** {@code "Title."} as {@code "Title, part 2."}. */
  private static String part(String spoken, int number) {
    String bare = spoken.endsWith(".") ? spoken.substring(0, spoken.length() - 1) : spoken;
    return bare + ", part " + number + ".";
  }

  private static Chapter chapter(int number, String title, String spoken, List<String> body) {
    List<String> paragraphs = new ArrayList<>(body.size() + 1);
    paragraphs.add(spoken);
    paragraphs.addAll(body);
    return new Chapter(number, title, paragraphs);
  }

}
