package io.mediawhisperer.audiobook.script;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A transcript's segments as sections by time: a chapter every
 * {@link ListeningScript.Settings#secondsPerTranscriptChapter()} (longer for a transcript that
 * would otherwise have more than {@link ListeningScript.Settings#maxChapters()}), cut at the first
 * segment boundary after that time where a sentence ends (at most a minute later), so a chapter
 * does not stop mid-sentence. A last chapter shorter than a third of that joins the one before.
 * Titled by time ({@code "00:10:02 – 00:20:05"}) and spoken {@code "From minute 10."}.
 * Segments become paragraphs at pauses of {@link #PAUSE_SECONDS} or more once a paragraph has
 * some length, or at a sentence end once it is long.
 */
final class TranscriptSections {

  static final double PAUSE_SECONDS = 2.0;
  private static final double GRACE_SECONDS = 60;
  private static final int PARAGRAPH_MIN_CHARS = 200;
  private static final int PARAGRAPH_SOFT_MAX_CHARS = 800;
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.!?…。؟][\"'”’)\\]]*$");

  private TranscriptSections() {
  }

  static List<Section> of(List<SegmentIn> segments, ListeningScript.Settings settings) {
    List<SegmentIn> spoken = segments.stream()
        .filter(s -> !s.text().isBlank() && Double.isFinite(s.start()))
        .sorted(Comparator.comparingDouble(SegmentIn::start))
        .toList();
    if (spoken.isEmpty()) {
      return List.of();
    }
    double duration = end(spoken.getLast()) - spoken.getFirst().start();
    double length = Math.max(settings.secondsPerTranscriptChapter(), Math.ceil(duration / settings.maxChapters()));
    List<List<SegmentIn>> chapters = new ArrayList<>();
    List<SegmentIn> current = new ArrayList<>();
    double chapterStart = spoken.getFirst().start();
    for (SegmentIn segment : spoken) {
      if (!current.isEmpty()) {
        double elapsed = segment.start() - chapterStart;
        boolean sentenceEnded = SENTENCE_END.matcher(current.getLast().text().strip()).matches();
        if (elapsed >= length && (sentenceEnded || elapsed >= length + GRACE_SECONDS)) {
          chapters.add(current);
          current = new ArrayList<>();
          chapterStart = segment.start();
        }
      }
      current.add(segment);
    }
    if (!chapters.isEmpty() && end(current.getLast()) - current.getFirst().start() < length / 3) {
      chapters.getLast().addAll(current);
    } else {
      chapters.add(current);
    }
    List<Section> sections = new ArrayList<>();
    for (List<SegmentIn> chapter : chapters) {
      double start = chapter.getFirst().start();
      String title = clock(start) + " – " + clock(end(chapter.getLast()));
      sections.add(new Section(title, spokenStart(start), paragraphs(chapter, settings), false, 0, 0));
    }
    return sections;
  }

  private static List<String> paragraphs(List<SegmentIn> segments, ListeningScript.Settings settings) {
    List<String> paragraphs = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    SegmentIn previous = null;
    for (SegmentIn segment : segments) {
      if (previous != null) {
        double pause = segment.start() - end(previous);
        boolean sentenceEnded = SENTENCE_END.matcher(previous.text().strip()).matches();
        if (pause >= PAUSE_SECONDS && current.length() >= PARAGRAPH_MIN_CHARS
            || sentenceEnded && current.length() >= PARAGRAPH_SOFT_MAX_CHARS) {
          flush(current, paragraphs, settings);
        }
      }
      current.append(current.isEmpty() ? "" : " ").append(segment.text().strip());
      previous = segment;
    }
    flush(current, paragraphs, settings);
    return paragraphs;
  }

  private static void flush(StringBuilder current, List<String> paragraphs, ListeningScript.Settings settings) {
    String text = SpokenText.speakable(current.toString());
    if (!text.isEmpty()) {
      paragraphs.addAll(SpokenText.split(text, settings.maxParagraphChars()));
    }
    current.setLength(0);
  }

  private static double end(SegmentIn segment) {
    return Double.isFinite(segment.end()) && segment.end() >= segment.start() ? segment.end() : segment.start();
  }

  /** {@code 00:10:02}: hours always, so the titles of a book line up. */
  static String clock(double seconds) {
    long s = Math.max(0, (long) Math.floor(seconds));
    return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
  }

  /** {@code "From the beginning."}, {@code "From minute 10."}, {@code "From 1 hour 5 minutes."}. */
  static String spokenStart(double seconds) {
    long minutes = Math.max(0, (long) Math.floor(seconds / 60));
    if (minutes == 0) {
      return "From the beginning.";
    }
    if (minutes < 60) {
      return "From minute " + minutes + ".";
    }
    long hours = minutes / 60;
    long rest = minutes % 60;
    String h = hours + (hours == 1 ? " hour" : " hours");
    return rest == 0 ? "From " + h + "." : "From " + h + " " + rest + (rest == 1 ? " minute." : " minutes.");
  }
}
