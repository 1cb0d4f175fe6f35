package io.mediawhisperer.writing;

import io.mediawhisperer.spi.chat.Passage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Search hits to the numbered passages a chat model sees, with a locator a reader can follow. */
public final class Passages {

  private Passages() {
  }

  /** Hit {@code i} (best first) becomes passage {@code i + 1}. */
  public static List<Passage> of(JsonArray hits) {
    List<Passage> passages = new ArrayList<>(hits.size());
    for (int i = 0; i < hits.size(); i++) {
      JsonObject hit = hits.getJsonObject(i);
      passages.add(new Passage(i + 1, hit.getString("sourceTitle", "untitled"), locator(hit), hit.getString("text", "")));
    }
    return passages;
  }

  /** {@code "p. 3"}, {@code "12:05"} / {@code "1:02:03"}, {@code "message 4"}, or null. */
  public static String locator(JsonObject hit) {
    if (hit.getValue("pageNumber") != null) {
      return "p. " + hit.getInteger("pageNumber");
    }
    if (hit.getValue("start") != null) {
      return timestamp(hit.getDouble("start"));
    }
    if (hit.getValue("messageIndex") != null) {
      return "message " + hit.getInteger("messageIndex");
    }
    return null;
  }

  public static String timestamp(double seconds) {
    long s = (long) Math.floor(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return h > 0 ? String.format("%d:%02d:%02d", h, m, s % 60) : String.format("%d:%02d", m, s % 60);
  }
}
