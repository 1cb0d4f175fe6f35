package io.mediawhisperer.node;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * How a verticle finds its plugins and the settings to open them with. The plugins are the node's
 * {@link PluginCatalog}, loaded once by the launcher (built in and from the plugins directory) and
 * shared by every verticle of that Vert.x, so a plugin jar is opened by one class loader per node.
 */
public final class Plugins {

  /**
   * The catalog of each node in this JVM (tests run several). Weak keys: a closed Vert.x takes its
   * entry with it; the launcher closes the catalog's jars itself.
   */
  private static final Map<Vertx, PluginCatalog> CATALOGS = new WeakHashMap<>();

  private Plugins() {
  }

  /** The plugins directory: {@code plugins-dir}, or {@code <data-dir>/plugins} when it is unset. */
  public static Path directory(JsonObject config) {
    String configured = config.getString(ConfigKeys.PLUGINS_DIR.name());
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data")).resolve("plugins");
  }

  /** Gives the verticles of {@code vertx} the catalog the launcher loaded; called before they are deployed. */
  public static void install(Vertx vertx, PluginCatalog catalog) {
    synchronized (CATALOGS) {
      CATALOGS.put(vertx, catalog);
    }
  }

  /**
   * The node's catalog. A Vert.x the launcher did not set up (a verticle deployed alone, in tests)
   * gets the built-in plugins, loaded on first use.
   */
  public static PluginCatalog catalog(Vertx vertx) {
    synchronized (CATALOGS) {
      return CATALOGS.computeIfAbsent(vertx, v -> PluginCatalog.builtIn());
    }
  }

  /** The node's plugins of one kind, by name. */
  public static <T extends NamedPlugin> NamedPlugins<T> load(Vertx vertx, Class<T> kind) {
    return catalog(vertx).plugins(kind);
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
