package io.mediawhisperer.plugin.embedding.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.plugin.openai.ErrorBody;
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

  /** The human-readable part of an error body (see {@link ErrorBody#message}); otherwise the body itself. */
  static String errorMessage(byte[] body) {
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isObject()) {
        Optional<String> message = ErrorBody.message(root);
        if (message.isPresent()) {
          return message.get();
        }
      }
    } catch (IOException e) {
      // not JSON: the raw text says more than nothing
    }
    return new String(body, StandardCharsets.UTF_8);
  }
}
