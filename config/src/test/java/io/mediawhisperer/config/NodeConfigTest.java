package io.mediawhisperer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {

  @TempDir
  Path dir;

  @Test
  void everyKeyHasADefaultAndEveryDefaultIsAKey() {
    assertThat(NodeConfig.defaults().fieldNames())
        .containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet()));
  }

  @Test
  void defaultsMatchTheDocumentedOnes() {
    JsonObject c = NodeConfig.load(null, Map.of(), Map.of());
    assertThat(c.getInteger("http-port")).isEqualTo(8080);
    assertThat(c.getString("http-host")).isEqualTo("127.0.0.1");
    assertThat(c.getString("data-dir")).isEqualTo("./data");
    assertThat(c.getString("db-url")).isNull();
    assertThat(c.getString("roles")).isEqualTo("http,auth,ingestion,embedding,retrieval,chat,generation,audiobook,transcripts,cleanup");
    assertThat(c.getBoolean("cluster")).isFalse();
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsFileWhichBeatsDefaults() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"http-port\": 7000, \"data-dir\": \"/from/file\", \"roles\": \"auth\", \"cluster\": true}");
    Map<String, String> env = Map.of("MW_HTTP_PORT", "7100", "MW_DATA_DIR", "/from/env", "PATH", "/bin");
    Map<String, String> flags = Map.of("http-port", "7200");

    JsonObject c = NodeConfig.load(file, env, flags);

    assertThat(c.getInteger("http-port")).isEqualTo(7200);
    assertThat(c.getString("data-dir")).isEqualTo("/from/env");
    assertThat(c.getString("roles")).isEqualTo("auth");
    assertThat(c.getBoolean("cluster")).isTrue();
    assertThat(c.getString("http-host")).isEqualTo("127.0.0.1");
  }

  @Test
  void stringsAreConvertedToTheTypeOfTheirDefault() {
    JsonObject c = NodeConfig.load(null, Map.of("MW_CLUSTER", "TRUE"), Map.of("db-pool-size", "3"));
    assertThat(c.getBoolean("cluster")).isTrue();
    assertThat(c.getInteger("db-pool-size")).isEqualTo(3);
  }

  @Test
  void badValuesNameTheirOrigin() {
    assertThatThrownBy(() -> NodeConfig.load(null, Map.of("MW_HTTP_PORT", "eighty"), Map.of()))
        .hasMessageContaining("MW_HTTP_PORT").hasMessageContaining("whole number");
    assertThatThrownBy(() -> NodeConfig.load(null, Map.of(), Map.of("cluster", "yes")))
        .hasMessageContaining("--cluster").hasMessageContaining("true or false");
  }

  @Test
  void unknownOrMalformedFileIsRejected() throws Exception {
    Path typo = dir.resolve("typo.json");
    Files.writeString(typo, "{\"http-prot\": 1}");
    assertThatThrownBy(() -> NodeConfig.load(typo, Map.of(), Map.of())).hasMessageContaining("http-prot");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{not json");
    assertThatThrownBy(() -> NodeConfig.load(broken, Map.of(), Map.of())).hasMessageContaining("not a JSON object");
  }

  @Test
  void aFileMaySetPluginSettingsUnderTheirKindsPrefix() throws Exception {
    Path file = dir.resolve("plugins.json");
    Files.writeString(file, "{\"chat-temperature\": 0.1, \"vector-search-width\": 200, \"chat-provider\": \"extractive\","
        + " \"speech-espeak-ng-path\": \"/opt/espeak/bin/espeak-ng\"}");
    JsonObject c = NodeConfig.load(file, Map.of(), Map.of());
    assertThat(c.getValue("chat-temperature")).isEqualTo("0.1");
    assertThat(c.getValue("speech-espeak-ng-path")).isEqualTo("/opt/espeak/bin/espeak-ng");
    assertThat(c.getValue("vector-search-width")).isEqualTo("200");
    Path stray = dir.resolve("stray.json");
    Files.writeString(stray, "{\"chatty-thing\": 1, \"vector-\": 2}");
    assertThatThrownBy(() -> NodeConfig.load(stray, Map.of(), Map.of()))
        .hasMessageContaining("chatty-thing").hasMessageContaining("vector-");
  }

  @Test
  void readmeDocumentsEveryKey() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    for (ConfigKey key : ConfigKeys.ALL) {
      assertThat(text).as("README documents %s", key.name()).contains("`" + key.name() + "`");
    }
  }
}
