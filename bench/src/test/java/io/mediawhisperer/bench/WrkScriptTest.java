package io.mediawhisperer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrkScriptTest {

  @Test
  void quotesJsonForLuaWithItsQuotesBackslashesAndNonAsciiBytesEscaped() {
    assertThat(WrkScript.quoted("{\"query\":\"a\\\\b é\"}")).isEqualTo("\"{\\\"query\\\":\\\"a\\\\\\\\b \\195\\169\\\"}\"");
  }

  @Test
  void rotatingPostsFormatEachBodyOnceWithTheToken() {
    String lua = WrkScript.rotatingPosts("/api/v1/search", "tok", List.of("{\"q\":1}", "{\"q\":2}"));

    assertThat(lua).contains("\"{\\\"q\\\":1}\",\n  \"{\\\"q\\\":2}\",")
        .contains("[\"Authorization\"] = \"Bearer tok\"")
        .contains("requests[i] = wrk.format(\"POST\", \"/api/v1/search\", headers, body)")
        .contains("return requests[current]");
  }

  @Test
  void freshPostsPutACounterWhereTheMarkerIsAndKeepPercentSignsLiteral() {
    String lua = WrkScript.freshPosts("/s", "tok", List.of("{\"query\":\"50% of " + WrkScript.FRESH + "\"}"));

    assertThat(lua).contains("\"{\\\"query\\\":\\\"50%% of %d\\\"}\"")
        .contains("string.format(bodies[current], sent * 1000 + (thread_index or 0))");
  }

  @Test
  void freshPostsRefuseATemplateWithoutTheMarker() {
    assertThatThrownBy(() -> WrkScript.freshPosts("/s", "tok", List.of("{}"))).isInstanceOf(IllegalArgumentException.class);
  }
}
