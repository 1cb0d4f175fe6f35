package io.mediawhisperer.bus;

/**
 * The bus contract of the runtime settings: the rows of the {@code config} table ({@code rag_top_k},
 * {@code max_context_messages}, {@code chunk_size}, {@code chunk_overlap_percent},
 * {@code session_expires_days}), each checked by its rule in
 * {@code io.mediawhisperer.settings.RuntimeSetting}. Not the node configuration
 * ({@code ConfigKeys}), which is read once at start-up: these change while the cluster runs.
 *
 * <p>The auth verticle answers {@link #LIST} and {@link #UPDATE} (administration is a superuser's
 * business, and every deployment runs auth); the http verticle serves them to superusers only. Each
 * verticle that reads a setting keeps its own {@code io.mediawhisperer.settings.RuntimeSettings},
 * which reads {@link #LIST} at start, follows {@link #CHANGED}, and reads {@link #LIST} again now and then in case it missed one.
 *
 * <p>A Setting is {@code {"key", "value", "description", "updatedAt", "type": "integer", "min",
 * "max", "default"}}: {@code min} and {@code max} bound the value, {@code default} is what a
 * fresh database holds.
 */
public final class ConfigBus {

  /** {@code {}} -> {@code {"items": [Setting]}}, in key order. */
  public static final String LIST = "config.list";

  /**
   * {@code {"key", "value", "userId"?}} -> the updated Setting; {@code userId} (who asked) goes to
   * the log. Fails 404 {@value Failure#NOT_FOUND} for a key that is no runtime setting, 400
   * {@value Failure#INVALID_INPUT} for a value outside its rule (the message says the allowed
   * range) or a missing {@code value}. Once the change is committed it is published on
   * {@link #CHANGED}.
   */
  public static final String UPDATE = "config.update";

  /**
   * Published to every node after a committed change: {@code {"key", "value", "updatedAt"}}.
   * {@code updatedAt} grows with every change of a key, so a copy never goes back to an older
   * value that a slow re-read of the table brings in after a newer publication.
   */
  public static final String CHANGED = "config.changed";

  private ConfigBus() {
  }
}
