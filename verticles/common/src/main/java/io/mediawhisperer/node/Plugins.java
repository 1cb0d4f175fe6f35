package io.mediawhisperer.node;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** How a verticle finds its plugins and the settings to open them with. */
public final class Plugins {

  private Plugins() {
  }

  public static <T extends NamedPlugin> NamedPlugins<T> load(Class<T> kind) {
    return NamedPlugins.load(kind, Plugins.class.getClassLoader());
  }

  /**
   * The settings of a plugin kind: every configuration key that starts with {@code prefix-},
   * without that prefix ({@code embedding-base-url} -> {@code base-url}), unset keys left out.
   */
  public static PluginSettings settings(JsonObject config, String prefix) {
    Map<String, String> values = new HashMap<>();
    config.forEach(entry -> {
      if (entry.getKey().startsWith(prefix + "-") && entry.getValue() != null) {
        values.put(entry.getKey().substring(prefix.length() + 1), String.valueOf(entry.getValue()));
      }
    });
    return new PluginSettings(values);
  }
}
