package io.mediawhisperer.generation;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.spi.content.ContentTools;
import io.mediawhisperer.spi.text.SentenceSplitter;
import io.mediawhisperer.spi.text.WritingText;
import java.util.ArrayList;
import java.util.List;

/** {@link ContentTools} over the node's chat model and the passages retrieved for one topic. */
final class Tools implements ContentTools {

  private static final java.util.regex.Pattern MARKERS = java.util.regex.Pattern.compile("\\s*\\[\\d+(?:,\\s*\\d+)*]");
  private static final java.util.regex.Pattern BULLET = java.util.regex.Pattern.compile("^\\s*(?:[-*•]|\\d+[.)])\\s*");

  private final ChatModel model;
  private final String topic;
  private final List<Passage> passages;

  Tools(ChatModel model, String topic, List<Passage> passages) {
    this.model = model;
    this.topic = topic;
    this.passages = List.copyOf(passages);
  }

  @Override
  public List<Passage> passages() {
    return passages;
  }

  @Override
  public boolean generative() {
    return model.generative();
  }

  @Override
  public List<String> keyPoints(int max) throws ChatException {
    List<String> points = new ArrayList<>();
    if (passages.isEmpty() || max <= 0) {
      return points;
    }
    if (generative()) {
      String written = model.answer(new ChatRequest("List the " + max + " most important points about \"" + topic
          + "\" that the passages make, one per line, each under 30 words, citing passages as [n].", List.of(), passages), piece -> { })
          .text();
      for (String line : written.split("\n")) {
        String point = BULLET.matcher(line).replaceFirst("").strip();
        if (!point.isEmpty() && points.size() < max && isNew(point, points)) {
          points.add(point);
        }
      }
      return points;
    }
    // extractive: the most central sentences of what retrieval found for the topic (the summary
    // keeps only sentences that stand alone: no page furniture, fragments, code or dangling
    // openers), each once and cited
    for (String sentence : SentenceSplitter.split(model.summarize(new SummaryRequest(topic, passages, Math.max(10, 30 * max))))) {
      if (points.size() < max && WritingText.fitToWrite(sentence) && isNew(sentence, points)) {
        points.add(cited(sentence.strip()));
      }
    }
    return points;
  }

  /** Whether the point makes a point not yet made (markers aside): retrieved chunks overlap and repeat sentences. */
  private static boolean isNew(String point, List<String> points) {
    String bare = MARKERS.matcher(point).replaceAll("");
    return points.stream().noneMatch(p -> WritingText.sameThing(MARKERS.matcher(p).replaceAll(""), bare));
  }

  /** The sentence with the marker of the passage it was taken from, when it can be found there. */
  private String cited(String sentence) {
    String probe = comparable(sentence.endsWith("…") ? sentence.substring(0, sentence.length() - 1) : sentence);
    probe = probe.substring(0, Math.min(probe.length(), 60));
    for (Passage passage : passages) {
      if (comparable(passage.text()).contains(probe)) {
        return sentence + " [" + passage.marker() + "]";
      }
    }
    return sentence;
  }

  /** Letters and digits only, lower case: quotes and passages differ in hyphenation and spacing. */
  private static String comparable(String text) {
    return text.replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public List<String> hashtags(int max) {
    return Hashtags.of(topic, writable(), max);
  }

  /**
   * The passages as text to write from: running headers and page numbers that chunking glued to
   * their sentences cut off ({@link WritingText#withoutFurniture}), so that no "#Chapter" is made of them.
   */
  private List<Passage> writable() {
    List<Passage> clean = new ArrayList<>(passages.size());
    for (Passage p : passages) {
      List<String> sentences = new ArrayList<>();
      for (String sentence : SentenceSplitter.split(p.text())) {
        String bare = WritingText.withoutFurniture(sentence);
        if (!WritingText.pageFurniture(bare)) {
          sentences.add(bare);
        }
      }
      clean.add(new Passage(p.marker(), p.sourceTitle(), p.locator(), String.join(" ", sentences)));
    }
    return clean;
  }

  @Override
  public String summary(int maxWords) throws ChatException {
    return passages.isEmpty() ? "" : model.summarize(new SummaryRequest(topic, passages, Math.max(10, maxWords)));
  }

  @Override
  public String write(String instruction, int maxWords) throws ChatException {
    if (passages.isEmpty()) {
      return "";
    }
    if (!generative()) {
      return summary(maxWords);
    }
    return model.answer(new ChatRequest(instruction + " (at most about " + maxWords + " words)", List.of(), passages), piece -> { })
        .text();
  }
}
