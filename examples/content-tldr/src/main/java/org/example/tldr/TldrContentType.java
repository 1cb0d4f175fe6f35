package org.example.tldr;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.content.ContentTools;
import io.mediawhisperer.spi.content.ContentType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A TL;DR: one short summary and three bullets, each with where it comes from. */
public final class TldrContentType implements ContentType {

  @Override
  public String name() {
    return "tldr";
  }

  @Override
  public String description() {
    return "TL;DR: a two-sentence summary and three bullets from your sources";
  }

  @Override
  public String defaultTemplate() {
    return """
        TL;DR — {{ topic }}
        {{ summary }}
        {% for b in bullets %}* {{ b }}
        {% endfor %}({{ source_count }} passages read)""";
  }

  @Override
  public List<Variable> variables() {
    return List.of(new Variable("topic", "what was asked"), new Variable("summary", "about 40 words"),
        new Variable("bullets", "three key points"), new Variable("source_count", "how many passages were read"));
  }

  @Override
  public Map<String, Object> fill(String topic, ContentTools tools) throws ChatException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("topic", topic);
    values.put("summary", tools.summary(40));
    values.put("bullets", new ArrayList<>(tools.keyPoints(3)));
    List<Passage> passages = tools.passages();
    values.put("source_count", passages.size());
    return values;
  }
}
