package io.mediawhisperer.plugin.chat.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.plugin.openai.ErrorBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire format of {@code POST /chat/completions}, as OpenAI defines it and compatible servers
 * (Ollama, vLLM, llama.cpp, OpenRouter) copy it: the request, the streamed chunks
 * ({@code choices[0].delta.content}), a whole completion for servers that ignore
 * {@code stream}, and error bodies in their various shapes.
 */
final class ChatJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One message of the request. */
  record Message(String role, String content) {
  }

  /**
   * What one streamed chunk says: a piece of content (possibly empty), the reason the answer
   * finished (when it did), or an error the server reports inside the stream.
   */
  record Chunk(String content, String finishReason, String error) {
  }

  private ChatJson() {
  }

  static byte[] request(String model, List<Message> messages, double temperature, int maxTokens) {
    List<Map<String, String>> wireMessages = new ArrayList<>();
    for (Message m : messages) {
      Map<String, String> wire = new LinkedHashMap<>();
      wire.put("role", m.role());
      wire.put("content", m.content());
      wireMessages.add(wire);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", wireMessages);
    body.put("stream", true);
    body.put("temperature", temperature);
    body.put("max_tokens", maxTokens);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A streamed chunk, or empty when {@code data} is not JSON of an object. */
  static Optional<Chunk> chunk(String data) {
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    if (root.hasNonNull("error")) {
      return Optional.of(new Chunk("", null, errorText(root)));
    }
    JsonNode choice = root.path("choices").path(0);
    String content = text(choice.path("delta").path("content"));
    if (content.isEmpty()) {
      content = text(choice.path("message").path("content")); // a whole completion
    }
    String finish = choice.hasNonNull("finish_reason") ? choice.get("finish_reason").asText() : null;
    return Optional.of(new Chunk(content, finish, null));
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : "";
  }

  /**
   * The human-readable part of an error body (see {@link ErrorBody#message}); for a JSON object
   * without one, the object; otherwise the body itself.
   */
  static String errorMessage(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isObject()) {
        return errorText(root);
      }
    } catch (IOException e) {
      // not JSON: the raw text says more than nothing
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String errorText(JsonNode root) {
    return ErrorBody.message(root).orElse(root.toString());
  }
}
