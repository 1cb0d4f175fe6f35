package io.mediawhisperer.plugin.content.basic;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.content.ContentTools;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An X (Twitter) thread: numbered posts of at most 280 characters each. */
public final class XThread extends BasicContentType {

  static final int POST_CHARS = 280;

  @Override
  public String name() {
    return "x-thread";
  }

  @Override
  public String description() {
    return "An X thread: numbered posts of at most 280 characters from your sources";
  }

  @Override
  public List<Variable> variables() {
    return List.of(TOPIC, new Variable("posts", "the thread's posts, each at most 280 characters with its n/N number"),
        new Variable("hashtags", "a list of hashtags, without '#'"), SOURCES);
  }

  @Override
  public Map<String, Object> fill(String topic, ContentTools tools) throws ChatException {
    Map<String, Object> values = common(topic, tools);
    List<String> points = tools.keyPoints(5);
    List<String> bodies = new ArrayList<>();
    bodies.add(fit(topic, 200) + " 🧵");
    points.forEach(bodies::add);
    List<String> posts = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      String number = " " + (i + 1) + "/" + bodies.size();
      posts.add(fit(bodies.get(i), POST_CHARS - number.length()) + number);
    }
    values.put("posts", posts);
    values.put("hashtags", tools.hashtags(3));
    return values;
  }
}
