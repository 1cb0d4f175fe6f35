package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.content.ContentTools;
import java.util.List;
import java.util.Map;

/** A newsletter issue: a subject line, a summary, the highlights and where they come from. */
public final class Newsletter extends BasicContentType {

  @Override
  public String name() {
    return "newsletter";
  }

  @Override
  public String description() {
    return "A newsletter issue: subject, summary, highlights and the sources to read";
  }

  @Override
  public List<Variable> variables() {
    return List.of(TOPIC, new Variable("subject", "the subject line"), new Variable("summary", "a summary (about 100 words)"),
        new Variable("highlights", "a list of 3-5 highlights"), SOURCES);
  }

  @Override
  public Map<String, Object> fill(String topic, ContentTools tools) throws ChatException {
    Map<String, Object> values = common(topic, tools);
    values.put("subject", fit(tools.generative() ? tools.write("Write a newsletter subject line (under 10 words) about: " + topic, 12)
        : "This week: " + topic, 120));
    List<String> highlights = tools.keyPoints(4);
    values.put("summary", summaryBeside(tools, highlights, 100));
    values.put("highlights", highlights);
    return values;
  }
}
