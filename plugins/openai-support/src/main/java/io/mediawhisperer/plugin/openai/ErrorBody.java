package io.mediawhisperer.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Error bodies, in the various shapes OpenAI-compatible servers send them. */
public final class ErrorBody {

  private ErrorBody() {
  }

  /**
   * The human-readable part of an error body: {@code error.message} (OpenAI, vLLM's newer form),
   * {@code error} as a string (Ollama), {@code message} (vLLM) or {@code detail} (FastAPI); empty
   * when the object has none of them.
   */
  public static Optional<String> message(JsonNode root) {
    JsonNode error = root.get("error");
    if (error != null && error.isObject() && error.hasNonNull("message")) {
      return Optional.of(error.get("message").asText());
    }
    for (String field : List.of("error", "message", "detail")) {
      if (root.hasNonNull(field) && root.get(field).isValueNode()) {
        return Optional.of(root.get(field).asText());
      }
    }
    return Optional.empty();
  }
}
