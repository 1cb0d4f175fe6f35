package io.mediawhisperer.plugin.chatlog.chatgpt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ChatGPT's browser tool returned, readable: its pages and result lists mark links as
 * {@code 【N†label†domain】}; a result list ({@code numbered}) keeps the number the model's next call
 * refers to ({@code [0] label (domain)}), a page keeps the label ({@code label (domain)}).
 */
final class BrowsingText {

  private static final Pattern LINK = Pattern.compile("【(\\d+)(?::\\d+)?†([^†【】]*)(?:†([^【】]*))?】");

  private BrowsingText() {
  }

  static String readable(String text, boolean numbered) {
    if (text.indexOf('【') < 0) {
      return text;
    }
    Matcher link = LINK.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (link.find()) {
      String label = link.group(2).strip();
      String domain = link.group(3) == null ? "" : link.group(3).replace('†', ' ').strip();
      String shown = label.isEmpty() ? domain : domain.isEmpty() ? label : label + " (" + domain + ")";
      String prefix = numbered && !shown.isEmpty() ? "[" + link.group(1) + "] " : "";
      link.appendReplacement(out, Matcher.quoteReplacement(prefix + shown));
    }
    link.appendTail(out);
    return out.toString();
  }
}
