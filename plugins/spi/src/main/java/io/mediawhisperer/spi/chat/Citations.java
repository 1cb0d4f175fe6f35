package io.mediawhisperer.spi.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the citation markers out of an answer: {@code [2]}, {@code [1, 3]} or {@code [1][3]}. */
public final class Citations {

  private static final Pattern GROUP = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

  private Citations() {
  }

  /** The markers {@code text} cites that name one of {@code passages}, in order of first appearance, each once. */
  public static List<Integer> cited(String text, List<Passage> passages) {
    Set<Integer> known = new java.util.HashSet<>();
    passages.forEach(p -> known.add(p.marker()));
    Set<Integer> cited = new LinkedHashSet<>();
    Matcher m = GROUP.matcher(text);
    while (m.find()) {
      for (String n : m.group(1).split(",")) {
        int marker = Integer.parseInt(n.trim());
        if (known.contains(marker)) {
          cited.add(marker);
        }
      }
    }
    return new ArrayList<>(cited);
  }
}
