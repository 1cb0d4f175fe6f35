package io.mediawhisperer.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The rule of every runtime setting. */
class RuntimeSettingTest {

  private static Failure failure(Supplier<?> call) {
    try {
      call.get();
    } catch (RuntimeException e) {
      return Failure.from(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void eachSettingHasItsRange() {
    assertThat(RuntimeSetting.RAG_TOP_K).extracting(RuntimeSetting::min, RuntimeSetting::max).containsExactly(1, 100);
    assertThat(RuntimeSetting.MAX_CONTEXT_MESSAGES).extracting(RuntimeSetting::min, RuntimeSetting::max).containsExactly(0, 100);
    assertThat(RuntimeSetting.CHUNK_SIZE).extracting(RuntimeSetting::min, RuntimeSetting::max).containsExactly(32, 512);
    assertThat(RuntimeSetting.CHUNK_OVERLAP_PERCENT).extracting(RuntimeSetting::min, RuntimeSetting::max).containsExactly(0, 50);
    assertThat(RuntimeSetting.SESSION_EXPIRES_DAYS).extracting(RuntimeSetting::min, RuntimeSetting::max).containsExactly(1, 365);
    for (RuntimeSetting setting : RuntimeSetting.values()) {
      assertThat(setting.fallback()).as(setting.key()).isBetween(setting.min(), setting.max());
    }
  }

  @Test
  void wholeNumbersWithinTheRangeAreAccepted() {
    assertThat(RuntimeSetting.RAG_TOP_K.parse(1)).isEqualTo(1);
    assertThat(RuntimeSetting.RAG_TOP_K.parse(100)).isEqualTo(100);
    assertThat(RuntimeSetting.RAG_TOP_K.parse(5L)).isEqualTo(5);
    assertThat(RuntimeSetting.MAX_CONTEXT_MESSAGES.parse(0)).isZero();
    assertThat(RuntimeSetting.CHUNK_OVERLAP_PERCENT.parse(20.0)).as("a JSON number without fraction").isEqualTo(20);
    // as the value arrives from an HTTP body
    assertThat(RuntimeSetting.CHUNK_SIZE.parse(new JsonObject("{\"value\": 256}").getValue("value"))).isEqualTo(256);
  }

  @Test
  void anythingElseIsInvalidInputThatSaysWhatIsAllowed() {
    for (Object bad : new Object[] {0, 101, -1, 12.5, "12", true, null, new JsonArray().add(12), new JsonObject(),
        Long.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
      Failure failure = failure(() -> RuntimeSetting.RAG_TOP_K.parse(bad));
      assertThat(failure.status()).as("%s", bad).isEqualTo(400);
      assertThat(failure.code()).isEqualTo("invalid_input");
      assertThat(failure.message()).as("%s", bad).startsWith("rag_top_k must be a whole number from 1 to 100, not ");
    }
    assertThat(failure(() -> RuntimeSetting.CHUNK_SIZE.parse(16)).message())
        .isEqualTo("chunk_size must be a whole number from 32 to 512, not 16");
    assertThat(failure(() -> RuntimeSetting.SESSION_EXPIRES_DAYS.parse("x".repeat(100))).message())
        .as("a long value is cut in the message").hasSizeLessThan(120);
  }

  @Test
  void settingsAreFoundByTheirKeyAndAnUnknownKeyIsNotFound() {
    assertThat(RuntimeSetting.require("rag_top_k")).isEqualTo(RuntimeSetting.RAG_TOP_K);
    assertThat(RuntimeSetting.byKey("RAG_TOP_K")).isEmpty();
    Failure unknown = failure(() -> RuntimeSetting.require("top_k"));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.message()).contains("no runtime setting 'top_k'").contains("rag_top_k", "session_expires_days");
    assertThat(RuntimeSetting.keys()).containsExactly("max_context_messages", "rag_top_k", "chunk_size",
        "chunk_overlap_percent", "session_expires_days",
        "quota_storage_mb", "quota_sources", "quota_uploads_per_hour");
  }
}
