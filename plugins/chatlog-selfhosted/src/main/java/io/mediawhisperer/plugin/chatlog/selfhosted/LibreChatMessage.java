package io.mediawhisperer.plugin.chatlog.selfhosted;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One LibreChat message into what we keep. Who wrote it is {@code isCreatedByUser} (else a
 * {@code sender} of "user"); an answer's model is its {@code model}, else the conversation's
 * {@code options.model}. The text is {@code text}, unless the message has {@code content} parts
 * (agents and assistants endpoints): then {@code text} parts (a string or {@code {value}}) and
 * {@code error} parts are what was said, {@code think} parts are dropped (reasoning, not what was
 * said), each {@code tool_call} part becomes a {@code tool} message (name, arguments, output), and
 * images are left out; the pieces keep their order.
 */
final class LibreChatMessage {

  private LibreChatMessage() {
  }

  static List<ChatMessage> read(String id, JsonNode message, String conversationModel, Instant at) {
    boolean byUser = message.path("isCreatedByUser").isBoolean()
        ? message.path("isCreatedByUser").asBoolean()
        : "user".equalsIgnoreCase(ExportJson.text(message, "sender"));
    String role = byUser ? "user" : "assistant";
    String model = null;
    if (!byUser) {
      String own = ExportJson.nonBlank(message, "model");
      model = own != null ? own : conversationModel;
    }
    JsonNode parts = message.get("content");
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      String text = ExportJson.text(message, "text");
      return text == null || text.isBlank() ? List.of() : List.of(new ChatMessage(id, role, text.strip(), at, model, null));
    }
    List<ChatMessage> read = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int tools = 0;
    for (JsonNode part : parts) {
      String type = ExportJson.text(part, "type");
      if ("text".equals(type) || "error".equals(type)) {
        String piece = partText(part.get("text"));
        if (piece == null && "error".equals(type)) {
          piece = ExportJson.nonBlank(part, "error");
        }
        if (piece != null && !piece.isBlank()) {
          text.append(text.isEmpty() ? "" : "\n\n").append(piece.strip());
        }
      } else if ("tool_call".equals(type) && part.path("tool_call").isObject()) {
        flush(read, text, id, role, at, model);
        read.add(toolCall(part.get("tool_call"), id + "/tool-" + tools++, at));
      }
      // think: reasoning, dropped; image_file, image_url, agent_update: nothing to read
    }
    flush(read, text, id, role, at, model);
    return read;
  }

  private static void flush(List<ChatMessage> read, StringBuilder text, String id, String role, Instant at, String model) {
    if (text.isEmpty()) {
      return;
    }
    long earlier = read.stream().filter(m -> !m.role().equals("tool")).count();
    read.add(new ChatMessage(earlier == 0 ? id : id + "/" + earlier, role, text.toString(), at, model, null));
    text.setLength(0);
  }

  private static String partText(JsonNode text) {
    if (text == null || text.isNull()) {
      return null;
    }
    return text.isTextual() ? text.asText() : ExportJson.text(text, "value");
  }

  /** Agents' {@code {name, args, output}}, functions' {@code {function: {name, arguments, output}}}, code runs' {@code {code_interpreter: {input, outputs}}}. */
  private static ChatMessage toolCall(JsonNode call, String fallbackId, Instant at) {
    String id = ExportJson.nonBlank(call, "id");
    id = id != null ? id : fallbackId;
    JsonNode function = call.path("function");
    JsonNode code = call.path("code_interpreter");
    if (code.isObject()) {
      List<String> outputs = new ArrayList<>();
      for (JsonNode output : code.path("outputs")) {
        String logs = ExportJson.nonBlank(output, "logs");
        if (logs != null) {
          outputs.add(logs.strip());
        }
      }
      return ToolCallText.message(id, "code_interpreter", ExportJson.nonBlank(code, "input"), String.join("\n", outputs), at);
    }
    if (function.isObject()) {
      return ToolCallText.message(id, ExportJson.nonBlank(function, "name"), asText(function.get("arguments")),
          asText(function.get("output")), at);
    }
    String name = ExportJson.nonBlank(call, "name");
    if (name == null) {
      name = ExportJson.nonBlank(call, "type"); // retrieval, file_search
    }
    return ToolCallText.message(id, name, asText(call.get("args")), asText(call.get("output")), at);
  }

  private static String asText(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}
