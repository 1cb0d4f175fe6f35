package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.plugin.chatlog.selfhosted.OpenWebUiContent.Kind;
import io.mediawhisperer.plugin.chatlog.selfhosted.OpenWebUiContent.Segment;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Open WebUI answer into messages, in the order written. Its {@code content} is cut by
 * {@link OpenWebUiContent}: reasoning is dropped (it is not what was said); each tool call becomes
 * a {@code tool} message (name, arguments, result), a code run a {@code tool} message
 * {@code code_interpreter} (the code and what it printed), and the text around them
 * {@code assistant} messages. Newer Open WebUI also records the calls as {@code output[]} items
 * ({@code function_call}, {@code function_call_output}): where those exist they fill in what the
 * block leaves out, matched by call id, else in order; a recorded call with no block in the text
 * comes before the answer's text.
 */
final class OpenWebUiAnswer {

  /** A call recorded in the answer's {@code output[]}. */
  private record Call(String id, String name, String arguments, String result) {
  }

  private final String id;
  private final Instant at;
  private final String model;
  private final List<ChatMessage> read = new ArrayList<>();
  private int tools;
  private int texts;

  private OpenWebUiAnswer(String id, Instant at, String model) {
    this.id = id;
    this.at = at;
    this.model = model;
  }

  static List<ChatMessage> read(String id, JsonNode message) {
    OpenWebUiAnswer answer = new OpenWebUiAnswer(id, ExportJson.time(message.get("timestamp")), ExportJson.nonBlank(message, "model"));
    answer.read(OpenWebUiContent.segments(OpenWebUiChat.contentText(message.get("content"))), calls(message.path("output")));
    return answer.read;
  }

  private void read(List<Segment> segments, List<Call> calls) {
    Set<Call> taken = Collections.newSetFromMap(new IdentityHashMap<>()); // two calls may be alike
    List<Call> matched = new ArrayList<>();
    for (Segment segment : segments) {
      if (segment.kind() == Kind.TOOL_CALL) {
        Call call = match(calls, taken, segment.attributes().get("id"));
        if (call != null) {
          taken.add(call);
        }
        matched.add(call);
      }
    }
    List<Call> unmatched = calls.stream().filter(c -> !taken.contains(c)).toList();
    int nextMatch = 0;
    for (Segment segment : segments) {
      switch (segment.kind()) {
        case REASONING -> {
          // dropped: the model's thinking is not what it said
        }
        case TOOL_CALL -> toolBlock(segment, matched.get(nextMatch++));
        case CODE -> codeRun(segment);
        case TEXT -> {
          if (texts == 0) {
            unmatched.forEach(this::recorded);
          }
          read.add(new ChatMessage(texts++ == 0 ? id : id + "/" + texts, "assistant", segment.body().strip(), at, model, null));
        }
      }
    }
    if (texts == 0) {
      unmatched.forEach(this::recorded);
    }
  }

  private static Call match(List<Call> calls, Set<Call> taken, String callId) {
    for (Call call : calls) {
      if (!taken.contains(call) && call.id() != null && call.id().equals(callId)) {
        return call;
      }
    }
    return calls.stream().filter(c -> !taken.contains(c)).findFirst().orElse(null);
  }

  private void toolBlock(Segment segment, Call call) {
    Map<String, String> attributes = segment.attributes();
    String name = first(attributes.get("name"), call == null ? null : call.name());
    String arguments = first(jsonString(attributes.get("arguments")), call == null ? null : call.arguments());
    String result = first(call == null ? null : call.result(), jsonString(attributes.get("result")), jsonString(segment.body()));
    read.add(ToolCallText.message(first(attributes.get("id"), toolId()), name, arguments, result, at));
  }

  private void recorded(Call call) {
    read.add(ToolCallText.message(first(call.id(), toolId()), call.name(), call.arguments(), call.result(), at));
  }

  /** A code run: the code (a Markdown fence in the block) and what it printed. */
  private void codeRun(Segment segment) {
    StringBuilder text = new StringBuilder(segment.body());
    String printed = printed(segment.attributes().get("output"));
    if (!printed.isBlank()) {
      text.append(text.isEmpty() ? "" : "\n\n").append("Output:\n").append(printed.strip());
    }
    read.add(new ChatMessage(toolId(), "tool", text.toString().strip(), at, null, "code_interpreter"));
  }

  /** The {@code output} attribute of a code run, {@code {stdout, stderr, result}}, as text. */
  private static String printed(String output) {
    if (output == null || output.isBlank()) {
      return "";
    }
    try {
      JsonNode parsed = ExportJson.mapper().readTree(output);
      if (!parsed.isObject()) {
        return output;
      }
      List<String> parts = new ArrayList<>();
      for (String field : List.of("stdout", "stderr", "result")) {
        String part = ExportJson.nonBlank(parsed, field);
        if (part != null) {
          parts.add(part.strip());
        }
      }
      return String.join("\n", parts);
    } catch (JsonProcessingException notJson) {
      return output;
    }
  }

  private String toolId() {
    return id + "/tool-" + tools++;
  }

  private static List<Call> calls(JsonNode output) {
    List<Call> calls = new ArrayList<>();
    if (!output.isArray()) {
      return calls;
    }
    for (JsonNode item : output) {
      if ("function_call".equals(ExportJson.text(item, "type"))) {
        String callId = first(ExportJson.nonBlank(item, "call_id"), ExportJson.nonBlank(item, "id"));
        calls.add(new Call(callId, ExportJson.nonBlank(item, "name"), asText(item.get("arguments")), result(output, callId)));
      }
    }
    return calls;
  }

  private static String result(JsonNode output, String callId) {
    for (JsonNode item : output) {
      if (callId != null && "function_call_output".equals(ExportJson.text(item, "type"))
          && callId.equals(ExportJson.text(item, "call_id"))) {
        JsonNode result = item.get("output");
        return result != null && result.isArray() ? OpenWebUiChat.contentText(result) : asText(result);
      }
    }
    return null;
  }

  private static String asText(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** A value Open WebUI wrote through {@code json.dumps} (a quoted string) decoded once; anything else as it is. */
  private static String jsonString(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String stripped = value.strip();
    if (stripped.length() >= 2 && stripped.startsWith("\"") && stripped.endsWith("\"")) {
      try {
        return ExportJson.mapper().readValue(stripped, String.class);
      } catch (JsonProcessingException notJson) {
        return stripped;
      }
    }
    return stripped;
  }

  private static String first(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
