package io.mediawhisperer.plugin.chatlog.selfhosted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Open WebUI answer's {@code content} cut into what was said and what was done. Open WebUI
 * writes an answer's reasoning, tool calls and code runs into the text as HTML
 * {@code <details type="reasoning|tool_calls|code_interpreter" ...>} blocks, their attributes and
 * bodies HTML-escaped; the rest is the answer in Markdown. Other {@code <details>} (a user may
 * write one) stay text. A {@code <think>} block opening the answer (models whose reasoning Open
 * WebUI did not recognise) counts as reasoning.
 */
final class OpenWebUiContent {

  enum Kind { TEXT, REASONING, TOOL_CALL, CODE }

  /** One piece of the content, in order; {@code attributes} are unescaped. */
  record Segment(Kind kind, String body, Map<String, String> attributes) {
  }

  private static final Pattern OPENING = Pattern.compile("<details\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANY_DETAILS = Pattern.compile("<(/?)details\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern SUMMARY = Pattern.compile("<summary>.*?</summary>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern LEADING_THINK =
      Pattern.compile("\\A\\s*<(think|thinking)>.*?</\\1>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Set<String> BLOCK_TYPES = Set.of("reasoning", "tool_calls", "code_interpreter");

  private OpenWebUiContent() {
  }

  static List<Segment> segments(String content) {
    List<Segment> segments = new ArrayList<>();
    Matcher think = LEADING_THINK.matcher(content);
    int at = 0;
    if (think.find()) {
      segments.add(new Segment(Kind.REASONING, think.group(), Map.of()));
      at = think.end();
    }
    Matcher opening = OPENING.matcher(content);
    while (opening.find(at)) {
      Map<String, String> attributes = attributes(opening.group(1));
      String type = attributes.getOrDefault("type", "");
      int close = closingOf(content, opening.end());
      if (!BLOCK_TYPES.contains(type) || close < 0) {
        // a user's own <details>, or one left open: text, read past it
        text(segments, content.substring(at, opening.end()));
        at = opening.end();
        continue;
      }
      text(segments, content.substring(at, opening.start()));
      String body = content.substring(opening.end(), close);
      Kind kind = switch (type) {
        case "reasoning" -> Kind.REASONING;
        case "tool_calls" -> Kind.TOOL_CALL;
        default -> Kind.CODE;
      };
      segments.add(new Segment(kind, unescape(SUMMARY.matcher(body).replaceAll("")).strip(), attributes));
      at = content.indexOf('>', close) + 1;
    }
    text(segments, content.substring(at));
    return segments;
  }

  /** Where the {@code </details>} closing the block whose opening tag ends at {@code from} starts; -1 if none. */
  private static int closingOf(String content, int from) {
    Matcher tag = ANY_DETAILS.matcher(content);
    int depth = 1;
    int at = from;
    while (tag.find(at)) {
      depth += tag.group(1).isEmpty() ? 1 : -1;
      if (depth == 0) {
        return tag.start();
      }
      at = tag.end();
    }
    return -1;
  }

  private static void text(List<Segment> segments, String text) {
    if (text.isBlank()) {
      return;
    }
    int last = segments.size() - 1;
    if (last >= 0 && segments.get(last).kind() == Kind.TEXT) {
      segments.set(last, new Segment(Kind.TEXT, segments.get(last).body() + text, Map.of()));
    } else {
      segments.add(new Segment(Kind.TEXT, text, Map.of()));
    }
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new HashMap<>();
    Matcher matcher = ATTRIBUTE.matcher(tag);
    while (matcher.find()) {
      attributes.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), unescape(matcher.group(2)));
    }
    return attributes;
  }

  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|quot|amp|lt|gt|apos);");

  /** Undoes Python's {@code html.escape} (and numeric references). */
  static String unescape(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher matcher = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String entity = matcher.group(1);
      String replacement = switch (entity) {
        case "quot" -> "\"";
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "apos" -> "'";
        default -> {
          int code = entity.startsWith("#x") || entity.startsWith("#X")
              ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1));
          yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : matcher.group();
        }
      };
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
