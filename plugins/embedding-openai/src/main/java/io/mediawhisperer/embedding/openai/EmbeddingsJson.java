package io.mediawhisperer.embedding.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The wire format of {@code POST /embeddings}, as OpenAI defines it and compatible servers copy it. */
final class EmbeddingsJson {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** One vector of the response; {@code index} is the position of its text in the request. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Item(Integer index, float[] embedding) {
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Response(List<Item> data, String model) {
  }

  private EmbeddingsJson() {
  }

  static byte[] request(String model, List<String> texts) {
    try {
      return JSON.writeValueAsBytes(Map.of("model", model, "input", texts));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The response, or empty when the body is not JSON of that shape. */
  static Optional<Response> response(byte[] body) {
    try {
      Response response = JSON.readValue(body, Response.class);
      return Optional.ofNullable(response).filter(r -> r.data() != null);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The human-readable part of an error body: {@code error.message} (OpenAI, vLLM's newer form),
   * {@code error} as a string (Ollama), {@code message} (vLLM) or {@code detail} (FastAPI);
   * otherwise the body itself.
   */
  static String errorMessage(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isObject()) {
        JsonNode error = root.get("error");
        if (error != null && error.isObject() && error.hasNonNull("message")) {
          return error.get("message").asText();
        }
        for (String field : List.of("error", "message", "detail")) {
          if (root.hasNonNull(field) && root.get(field).isValueNode()) {
            return root.get(field).asText();
          }
        }
      }
    } catch (IOException e) {
      // not JSON: the raw text says more than nothing
    }
    return new String(body, StandardCharsets.UTF_8);
  }
}
