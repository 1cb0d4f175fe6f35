package io.mediawhisperer.spi;

import java.util.Map;

/**
 * The configuration a plugin is opened with: string keys and values, taken from the node's
 * configuration (keys without their plugin prefix). Plugins validate what they read and fail
 * with a message that names the key.
 */
public record PluginSettings(Map<String, String> values) {

  public PluginSettings {
    values = Map.copyOf(values);
  }

  public static PluginSettings empty() {
    return new PluginSettings(Map.of());
  }

  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  public String required(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("setting '" + key + "' is required");
    }
    return v;
  }

  /** Keys whose values are secrets; never printed. */
  private static boolean secret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("key") || k.contains("secret") || k.contains("password") || k.contains("token");
  }

  /** Prints keys and values, secrets masked, so settings can be logged safely. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("PluginSettings{");
    new java.util.TreeMap<>(values).forEach((k, v) -> out.append(out.length() > 15 ? ", " : "").append(k).append('=')
        .append(secret(k) ? "***" : v));
    return out.append('}').toString();
  }

  public int getInt(String key, int fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' must be a whole number, not '" + v + "'", e);
    }
  }
}
