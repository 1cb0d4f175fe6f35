package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's {@code message} of a ChatGPT export as a {@link ChatMessage}, or empty when there is
 * nothing to show: hidden nodes ({@code is_visually_hidden_from_conversation}, the custom
 * instructions of {@code user_editable_context}, memory), reasoning ({@code thoughts},
 * {@code reasoning_recap}: not what was said), and empty messages. Content types it does not know
 * are counted in {@link LeftOut}.
 *
 * <p>Roles: an assistant message addressed to a tool ({@code recipient} other than {@code all}:
 * {@code browser}, {@code python}) is the tool's call, role {@code tool} named after the recipient;
 * {@code tool} messages are the results, named after their author.
 */
final class ChatGptMessage {

  private static final Set<String> HIDDEN = Set.of("user_editable_context", "model_editable_context");
  private static final Set<String> REASONING = Set.of("thoughts", "reasoning_recap");
  private static final String BLANK_LINE = "\n\n";

  private ChatGptMessage() {
  }

  static Optional<ChatMessage> read(MappingTree.Node node, LeftOut leftOut) {
    JsonNode message = node.message();
    if (message == null || !message.isObject()
        || message.path("metadata").path("is_visually_hidden_from_conversation").asBoolean(false)) {
      return Optional.empty();
    }
    JsonNode content = message.path("content");
    String type = content.isObject() ? content.path("content_type").asText("text") : "text";
    if (HIDDEN.contains(type) || REASONING.contains(type)) {
      return Optional.empty();
    }
    String author = message.path("author").path("role").asText("");
    String recipient = Json.text(message.get("recipient"));
    boolean toolCall = author.equals("assistant") && recipient != null && !recipient.equals("all");
    String role = switch (author) {
      case "user", "system", "tool" -> author;
      case "assistant" -> toolCall ? "tool" : "assistant";
      default -> null;
    };
    if (role == null) {
      leftOut.add("author '" + author + "'");
      return Optional.empty();
    }
    String text = content(content, type, role.equals("assistant"), message.path("metadata").path("citations"));
    if (text == null) {
      leftOut.add("content type '" + type + "'");
      return Optional.empty();
    }
    if (text.isBlank()) {
      return Optional.empty();
    }
    String toolName = toolCall ? recipient : role.equals("tool") ? Json.text(message.path("author").get("name")) : null;
    String model = author.equals("assistant") ? model(message) : null;
    String id = Json.text(message.get("id"));
    return Optional.of(new ChatMessage(id == null ? node.id() : id, role, text.strip(),
        Instants.of(message.get("create_time")), model, toolName));
  }

  /** The model that wrote an assistant message, when the export says. */
  static String model(JsonNode message) {
    String slug = Json.text(message.path("metadata").get("model_slug"));
    return slug != null ? slug : Json.text(message.get("model"));
  }

  /** The text a person reads, null for a content type this reader does not know. */
  private static String content(JsonNode content, String type, boolean answer, JsonNode citations) {
    if (content.isTextual()) {
      return content.asText(); // some ChatGPT-shaped exports of other services write the text directly
    }
    return switch (type) {
      case "text", "multimodal_text" -> parts(content, answer, citations);
      case "code" -> fenced(content.path("text").asText(""), content.path("language").asText(""));
      case "execution_output" -> fenced(content.path("text").asText(""), "");
      case "tether_browsing_display" -> browsingResults(content);
      case "tether_quote" -> quote(content);
      case "system_error" -> "Error: " + content.path("name").asText("") + ": " + content.path("text").asText("");
      default -> content.path("parts").isArray() ? parts(content, answer, citations)
          : content.path("text").isTextual() ? content.path("text").asText() : null;
    };
  }

  private static String parts(JsonNode content, boolean answer, JsonNode citations) {
    List<String> texts = new ArrayList<>();
    for (JsonNode part : content.path("parts")) {
      if (part.isTextual()) {
        texts.add(part.asText());
      } else if (part.path("content_type").asText("").equals("image_asset_pointer")) {
        texts.add("[image]");
      } else if (part.path("text").isTextual()) {
        texts.add(part.path("text").asText()); // audio_transcription and the like
      }
    }
    boolean positionsApply = texts.size() == 1;
    List<String> shown = new ArrayList<>();
    for (String text : texts) {
      String readable = answer ? ChatGptCitations.readable(text, citations, positionsApply) : text;
      if (!readable.isBlank()) {
        shown.add(readable.strip());
      }
    }
    return String.join(BLANK_LINE, shown);
  }

  /** Code as a Markdown fence; ChatGPT writes "unknown" when the language is not known. */
  private static String fenced(String code, String language) {
    if (code.isBlank()) {
      return "";
    }
    String info = language.isBlank() || language.equals("unknown") ? "" : language.strip();
    String fence = code.contains("```") ? "~~~~" : "```";
    return fence + info + "\n" + code.strip() + "\n" + fence;
  }

  private static String browsingResults(JsonNode content) {
    String result = content.path("result").asText("");
    return BrowsingText.readable(result.isBlank() ? content.path("summary").asText("") : result, true);
  }

  private static String quote(JsonNode content) {
    String title = content.path("title").asText("").strip();
    String url = content.path("url").asText("").strip();
    String heading = title.isEmpty() ? url : url.isEmpty() ? title : title + " (" + url + ")";
    String text = BrowsingText.readable(content.path("text").asText(""), false).strip();
    return heading.isEmpty() ? text : heading + BLANK_LINE + text;
  }
}
