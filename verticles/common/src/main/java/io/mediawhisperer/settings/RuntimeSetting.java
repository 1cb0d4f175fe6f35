package io.mediawhisperer.settings;

import io.mediawhisperer.bus.Failure;
import io.vertx.core.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every runtime setting (a row of the {@code config} table) with its rule, in one place: the
 * administration API refuses a value outside the rule, and a verticle that finds one in the table
 * anyway (an edit by hand) keeps the value it had. All are whole numbers today.
 */
public enum RuntimeSetting {

  /** Previous messages of a conversation given to the chat model; 0 answers every question on its own. */
  MAX_CONTEXT_MESSAGES("max_context_messages", 0, 100, 10),
  /** Passages a search returns (and an answer is given) when the request does not say; search's topK has the same cap. */
  RAG_TOP_K("rag_top_k", 1, 100, 12),
  /**
   * Tokens per chunk. Below 32 a chunk rarely holds a whole thought; above 512 it outgrows the input
   * of common embedding models (all-MiniLM-L6-v2, the default, sees only 126).
   */
  CHUNK_SIZE("chunk_size", 32, 512, 120),
  /** Share of a chunk repeated at the start of the next one; the chunker allows at most half. */
  CHUNK_OVERLAP_PERCENT("chunk_overlap_percent", 0, 50, 20),
  /** Days a login session stays valid; applies to sessions opened after a change. */
  SESSION_EXPIRES_DAYS("session_expires_days", 1, 365, 7),
  /** Megabytes of originals one user may keep; 0: no limit (a user's own quota overrides it). */
  QUOTA_STORAGE_MB("quota_storage_mb", 0, 100_000_000, 0),
  /** Sources one user may have; 0: no limit. */
  QUOTA_SOURCES("quota_sources", 0, 100_000_000, 0),
  /** Sources one user may add in an hour; 0: no limit. */
  QUOTA_UPLOADS_PER_HOUR("quota_uploads_per_hour", 0, 1_000_000, 0);

  private final String key;
  private final int min;
  private final int max;
  private final int fallback;

  RuntimeSetting(String key, int min, int max, int fallback) {
    this.key = key;
    this.min = min;
    this.max = max;
    this.fallback = fallback;
  }

  /** The key in the {@code config} table and the administration API. */
  public String key() {
    return key;
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /** The value of a fresh database (migration V2), used until the table has been read. */
  public int fallback() {
    return fallback;
  }

  /** The rule in words, for error messages. */
  public String rule() {
    return "a whole number from " + min + " to " + max;
  }

  public static Optional<RuntimeSetting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  /** The setting named {@code key}, or a 404 that lists the settings there are. */
  public static RuntimeSetting require(String key) {
    return byKey(key).orElseThrow(() -> Failure.notFound("no runtime setting '" + key + "'; the settings are " + keys())
        .asException());
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(RuntimeSetting::key).toList();
  }

  /**
   * {@code value} (as decoded from JSON) if it satisfies the rule: a JSON number with no fraction
   * ({@code 20} or {@code 20.0}), within range. Anything else, strings of digits included, is a 400
   * that says what is allowed.
   */
  public int parse(Object value) {
    if (value instanceof Number number) {
      double whole = number.doubleValue();
      if (whole == Math.rint(whole) && whole >= min && whole <= max) {
        return (int) whole;
      }
    }
    throw Failure.invalidInput(key + " must be " + rule() + ", not " + shown(value)).asException();
  }

  private static String shown(Object value) {
    String json = Json.encode(value);
    return json.length() <= 40 ? json : json.substring(0, 37) + "...";
  }
}
