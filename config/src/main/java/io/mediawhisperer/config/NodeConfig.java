package io.mediawhisperer.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds a node's configuration in layers: defaults &lt; JSON file &lt; environment &lt; flags.
 * Values from the environment and flags are strings; each is converted to the type of its
 * default so that {@code MW_HTTP_PORT=9000} and {@code "http-port": 9000} mean the same.
 */
public final class NodeConfig {

  public static final String DEFAULTS_RESOURCE = "/mediawhisperer-defaults.json";

  private NodeConfig() {
  }

  public static JsonObject defaults() {
    try (InputStream in = NodeConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param file  the JSON file given with --config, or null
   * @param env   the process environment (only MW_* keys that name a known key are read)
   * @param flags values given on the command line, by key name
   */
  public static JsonObject load(Path file, Map<String, String> env, Map<String, String> flags) {
    JsonObject defaults = defaults();
    JsonObject config = defaults.copy();
    if (file != null) {
      config.mergeIn(readFile(file, defaults));
    }
    for (ConfigKey key : ConfigKeys.ALL) {
      String fromEnv = env.get(key.envVar());
      if (fromEnv != null) {
        config.put(key.name(), convert(key, fromEnv, defaults, key.envVar()));
      }
    }
    flags.forEach((name, value) -> config.put(name, convert(keyNamed(name), value, defaults, "--" + name)));
    return config;
  }

  private static JsonObject readFile(Path file, JsonObject defaults) {
    JsonObject fromFile;
    try {
      fromFile = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("config file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
    Set<String> unknown = fromFile.fieldNames().stream()
        .filter(name -> !defaults.containsKey(name) && !pluginSetting(name)).collect(Collectors.toSet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("config file " + file + " has unknown keys " + unknown
          + "; known keys: " + defaults.fieldNames() + ", and plugin settings starting with " + ConfigKeys.PLUGIN_PREFIXES);
    }
    JsonObject converted = new JsonObject();
    fromFile.forEach(entry -> {
      if (!defaults.containsKey(entry.getKey())) {
        // a plugin's own setting: handed to the plugin as text, which validates it when it opens
        converted.put(entry.getKey(), entry.getValue() == null ? null : String.valueOf(entry.getValue()));
      } else {
        converted.put(entry.getKey(), entry.getValue() == null || entry.getValue() instanceof String
            ? convert(keyNamed(entry.getKey()), (String) entry.getValue(), defaults, file + ":" + entry.getKey())
            : entry.getValue());
      }
    });
    return converted;
  }

  /** A key the file may set beyond the declared ones: a plugin kind's prefix and a setting name. */
  static boolean pluginSetting(String name) {
    return ConfigKeys.PLUGIN_PREFIXES.stream().anyMatch(prefix -> name.startsWith(prefix) && name.length() > prefix.length()
        && name.substring(prefix.length()).matches("[a-z0-9]+(-[a-z0-9]+)*"));
  }

  private static ConfigKey keyNamed(String name) {
    return ConfigKeys.ALL.stream().filter(k -> k.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown configuration key '" + name + "'"));
  }

  private static Object convert(ConfigKey key, String value, JsonObject defaults, String origin) {
    if (value == null) {
      return null;
    }
    Object def = defaults.getValue(key.name());
    try {
      if (def instanceof Integer || def instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (def instanceof Boolean) {
        String v = value.trim().toLowerCase();
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(v);
      }
      return value.isBlank() ? null : value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid value '" + value + "' for " + origin + ": "
          + (e instanceof NumberFormatException ? "expected a whole number" : e.getMessage()), e);
    }
  }
}
