package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.content.ContentTools;
import java.util.List;
import java.util.Map;

/** A LinkedIn post: a hook, three to five key points, a closing line and hashtags. */
public final class LinkedInPost extends BasicContentType {

  @Override
  public String name() {
    return "linkedin";
  }

  @Override
  public String description() {
    return "A LinkedIn post: a hook, key points from your sources, and hashtags";
  }

  @Override
  public List<Variable> variables() {
    return List.of(TOPIC, new Variable("hook", "an opening line"), new Variable("key_points", "a list of 3-5 key points"),
        new Variable("summary", "a short summary (about 60 words)"), new Variable("hashtags", "a list of hashtags, without '#'"),
        SOURCES);
  }

  @Override
  public Map<String, Object> fill(String topic, ContentTools tools) throws ChatException {
    Map<String, Object> values = common(topic, tools);
    values.put("hook", tools.generative()
        ? fit(tools.write("Write one engaging opening sentence for a LinkedIn post about: " + topic, 30), 220)
        : "What my sources say about " + topic + ":");
    List<String> points = tools.keyPoints(4);
    values.put("key_points", points.stream().map(p -> fit(p, 300)).toList());
    values.put("summary", summaryBeside(tools, points, 60));
    values.put("hashtags", tools.hashtags(5));
    return values;
  }
}
