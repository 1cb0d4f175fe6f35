package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKey;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.config.NodeConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives a command one flag per configuration key, generated from {@link ConfigKeys} so that the
 * flags, the environment variables and the JSON file can never disagree about a key.
 */
final class ConfigOptions {

  private ConfigOptions() {
  }

  static void addTo(CommandSpec spec) {
    JsonObject defaults = NodeConfig.defaults();
    for (ConfigKey key : ConfigKeys.ALL) {
      Object def = defaults.getValue(key.name());
      OptionSpec.Builder option = OptionSpec.builder(key.flag())
          .type(String.class)
          .paramLabel(def instanceof Number ? "N" : def instanceof Boolean ? "true|false" : "VALUE")
          .description(key.description() + " (env " + key.envVar() + "; default: " + def + ")");
      if (def instanceof Boolean) {
        option.arity("0..1").fallbackValue("true");
      }
      spec.addOption(option.build());
    }
  }

  /** The node configuration: defaults, then the --config file, then MW_* variables, then the flags given. */
  static JsonObject resolve(CommandSpec spec, Path configFile, Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKeys.ALL) {
      var matched = spec.commandLine().getParseResult().matchedOption(key.flag());
      if (matched != null) {
        flags.put(key.name(), matched.getValue());
      }
    }
    return NodeConfig.load(configFile, env, flags);
  }
}
