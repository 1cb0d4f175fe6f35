package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.content.ContentTools;
import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.spi.text.SentenceSplitter;
import io.mediawhisperer.spi.text.WritingText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What our four content types share: the default template is a resource named after the type,
 * and every type offers {@code topic} and {@code sources} (the passages it was written from, as
 * {@code {marker, title, locator, citation}}) besides its own variables.
 */
abstract class BasicContentType implements ContentType {

  static final Variable TOPIC = new Variable("topic", "what the user asked to write about");
  static final Variable SOURCES = new Variable("sources",
      "the passages it was written from: a list of {marker, title, locator, citation}; cite them as [marker]");

  private final String template;

  BasicContentType() {
    try (InputStream in = getClass().getResourceAsStream(name() + ".peb")) {
      if (in == null) {
        throw new IllegalStateException("the default template " + name() + ".peb is missing");
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String defaultTemplate() {
    return template;
  }

  /** The variables every type starts from. */
  static Map<String, Object> common(String topic, ContentTools tools) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("topic", topic);
    List<Map<String, Object>> sources = new ArrayList<>();
    for (Passage p : tools.passages()) {
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("marker", p.marker());
      source.put("title", p.sourceTitle());
      source.put("locator", p.locator() == null ? "" : p.locator());
      source.put("citation", p.citation());
      sources.add(source);
    }
    values.put("sources", sources);
    return values;
  }

  /**
   * A summary of about {@code maxWords} words that says what the key points do not: asked long
   * enough to leave words once the points' sentences are out.
   */
  static String summaryBeside(ContentTools tools, List<String> points, int maxWords) throws ChatException {
    return sentencesUpTo(besidePoints(tools.summary(maxWords + 30 * points.size()), points), maxWords);
  }

  /**
   * The summary without the sentences a key point already makes (citation markers aside): a post
   * says each thing once, and an extractive summary and key points are drawn from the same sentences.
   */
  static String besidePoints(String summary, List<String> points) {
    List<String> made = points.stream().map(p -> p.replaceAll("\\s*\\[\\d+(?:,\\s*\\d+)*]", "")).toList();
    List<String> kept = new ArrayList<>();
    for (String sentence : SentenceSplitter.split(summary)) {
      if (made.stream().noneMatch(point -> WritingText.sameThing(point, sentence))) {
        kept.add(sentence);
      }
    }
    return String.join(" ", kept);
  }

  /** Whole sentences of the text up to about {@code maxWords} words (at least its first sentence). */
  static String sentencesUpTo(String text, int maxWords) {
    StringBuilder out = new StringBuilder();
    int words = 0;
    for (String sentence : SentenceSplitter.split(text)) {
      int count = WritingText.words(sentence);
      if (!out.isEmpty() && words + count > maxWords) {
        break;
      }
      out.append(out.isEmpty() ? "" : " ").append(sentence);
      words += count;
    }
    return out.toString();
  }

  /** At most {@code max} characters, cut at a word with an ellipsis. */
  static String fit(String text, int max) {
    String flat = text.strip().replaceAll("\\s+", " ");
    if (flat.length() <= max) {
      return flat;
    }
    int cut = flat.lastIndexOf(' ', max - 1);
    return flat.substring(0, cut > max / 2 ? cut : max - 1) + "…";
  }
}
