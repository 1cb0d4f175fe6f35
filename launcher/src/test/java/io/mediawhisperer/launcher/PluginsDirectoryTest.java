package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.plugin.chat.extractive.ExtractiveProvider;
import io.mediawhisperer.testing.PluginJars;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node refuses to start over a plugins directory it cannot use, with a message that names the
 * jar, and before it starts anything else (the embedded database included).
 */
class PluginsDirectoryTest {

  @TempDir
  Path dataDir;

  private JsonObject config(Path pluginsDir) {
    return NodeConfig.load(null, Map.of(), Map.of("data-dir", dataDir.toString(), "plugins-dir", pluginsDir.toString(),
        "http-port", "0"));
  }

  @Test
  void aCopyOfABuiltInPluginJarStopsTheNodeNamingTheJarKindAndPlugin() throws Exception {
    Path plugins = dataDir.resolve("extra-plugins");
    PluginJars.jarOf(ExtractiveProvider.class, plugins.resolve("mw-chat-extractive-copy.jar"));

    assertThatThrownBy(() -> Node.start(config(plugins)))
        .hasMessageContaining("plugin jar mw-chat-extractive-copy.jar in " + plugins.toAbsolutePath())
        .hasMessageContaining("chat model plugin 'extractive' (" + ExtractiveProvider.class.getName() + ")")
        .hasMessageContaining("already built into the server");
    assertThat(Files.exists(dataDir.resolve("pg"))).as("no database was started").isFalse();
  }

  @Test
  void aBrokenJarStopsTheNodeNamingIt() throws Exception {
    Path plugins = dataDir.resolve("plugins");
    PluginJars.garbage(plugins.resolve("broken.jar"));

    assertThatThrownBy(() -> Node.start(config(plugins)))
        .hasMessageContaining("plugin jar broken.jar")
        .hasMessageContaining("cannot be read as a jar");
    assertThat(Files.exists(dataDir.resolve("pg"))).isFalse();
  }
}
