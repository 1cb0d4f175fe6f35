package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsEachShapeServersSend() throws Exception {
    assertThat(ErrorBody.message(json("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"x\"}}")))
        .contains("Rate limit reached");
    assertThat(ErrorBody.message(json("{\"error\":\"model \\\"llama9\\\" not found\"}"))).contains("model \"llama9\" not found");
    assertThat(ErrorBody.message(json("{\"error\":\"first\",\"message\":\"second\"}"))).contains("first");
    assertThat(ErrorBody.message(json("{\"message\":\"bad input\"}"))).contains("bad input");
    assertThat(ErrorBody.message(json("{\"detail\":\"Not Found\"}"))).contains("Not Found");
    assertThat(ErrorBody.message(json("{\"error\":{\"code\":502},\"detail\":\"upstream\"}"))).contains("upstream");
  }

  @Test
  void isEmptyWithoutAnyOfThoseFields() throws Exception {
    assertThat(ErrorBody.message(json("{\"status\":\"sad\"}"))).isEmpty();
    assertThat(ErrorBody.message(json("{\"error\":null,\"message\":{\"nested\":true}}"))).isEmpty();
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
