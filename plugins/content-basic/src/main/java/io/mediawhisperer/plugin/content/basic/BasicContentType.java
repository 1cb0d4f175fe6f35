package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.content.ContentTools;
import io.mediawhisperer.spi.content.ContentType;
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
