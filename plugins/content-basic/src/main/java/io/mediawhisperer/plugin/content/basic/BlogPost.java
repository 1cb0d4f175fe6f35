package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.content.ContentTools;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A blog post in Markdown: a title, an introduction, a section per key point, a conclusion. */
public final class BlogPost extends BasicContentType {

  @Override
  public String name() {
    return "blog";
  }

  @Override
  public String description() {
    return "A blog post in Markdown: introduction, sections from your sources' key points, conclusion";
  }

  @Override
  public List<Variable> variables() {
    return List.of(TOPIC, new Variable("title", "the post's title"), new Variable("introduction", "an opening paragraph"),
        new Variable("sections", "a list of {heading, body}"), new Variable("conclusion", "a closing paragraph"), SOURCES);
  }

  @Override
  public Map<String, Object> fill(String topic, ContentTools tools) throws ChatException {
    Map<String, Object> values = common(topic, tools);
    values.put("title", Character.toUpperCase(topic.charAt(0)) + topic.substring(1));
    List<String> points = tools.keyPoints(4);
    values.put("introduction", summaryBeside(tools, points, 80));
    List<Map<String, Object>> sections = new ArrayList<>();
    for (String point : points) {
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("heading", fit(point.replaceAll("\\s*\\[\\d+]", ""), 70).replaceAll("[.:;,]$", ""));
      section.put("body", tools.generative() ? tools.write("Explain in a short paragraph: " + point, 120) : point);
      sections.add(section);
    }
    values.put("sections", sections);
    values.put("conclusion", tools.generative()
        ? tools.write("Write a two-sentence conclusion for a blog post about: " + topic, 50)
        : "These are the points your sources make about " + topic + "; follow the citations to read them in full.");
    return values;
  }
}
