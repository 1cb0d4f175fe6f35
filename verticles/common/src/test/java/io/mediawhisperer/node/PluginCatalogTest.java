package io.mediawhisperer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.testing.PluginJars;
import io.vertx.core.json.JsonObject;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the plugins directory with jars built the way a plugin author builds them. This module's
 * classpath holds no plugin, so "built in" is simulated with a parent class loader over a jar.
 */
class PluginCatalogTest {

  private static final String PARSER = "io.mediawhisperer.spi.parser.SourceParser";
  private final ClassLoader server = PluginCatalogTest.class.getClassLoader();

  @TempDir
  Path temp;

  private Path plugins() throws Exception {
    return Files.createDirectories(temp.resolve("plugins"));
  }

  @Test
  void aMissingOrEmptyDirectoryMeansBuiltInPluginsOnly() throws Exception {
    try (PluginCatalog missing = PluginCatalog.load(temp.resolve("nowhere"), server, PluginKinds.ALL)) {
      assertThat(missing.jars()).isEmpty();
      assertThat(missing.plugins(SourceParser.class).names()).isEmpty();
    }
    try (PluginCatalog empty = PluginCatalog.load(plugins(), server, PluginKinds.ALL)) {
      assertThat(empty.jars()).isEmpty();
      assertThat(empty.entries()).isEmpty();
    }
  }

  @Test
  void aJarInTheDirectoryAddsItsPluginsAndFilesThatAreNoJarsAreIgnored() throws Exception {
    Path dir = plugins();
    PluginJars.sourceParser(dir.resolve("shout-plugin.jar"), "com.example.shout.ShoutParser", "shout");
    PluginJars.pack(dir.resolve("shout-library.jar"), null, Map.of()); // a library a plugin needs: no services
    Files.writeString(dir.resolve("README.txt"), "jars go here");

    try (PluginCatalog catalog = PluginCatalog.load(dir, server, PluginKinds.ALL)) {
      assertThat(catalog.jars()).containsExactly("shout-library.jar", "shout-plugin.jar");
      SourceParser shout = catalog.plugins(SourceParser.class).get("shout");
      assertThat(shout.getClass().getName()).isEqualTo("com.example.shout.ShoutParser");
      assertThat(shout.getClass().getClassLoader()).isInstanceOf(URLClassLoader.class).isNotSameAs(server);
      assertThat(shout.confidence("anything".getBytes())).isZero();
      assertThat(catalog.entries()).singleElement().satisfies(entry -> {
        assertThat(entry.kind()).isEqualTo(PluginKinds.SOURCE_PARSER);
        assertThat(entry.origin()).isEqualTo("shout-plugin.jar");
      });

      JsonObject described = catalog.describe(new JsonObject().put("chat-provider", "extractive"));
      assertThat(described.getString("directory")).isEqualTo(dir.toAbsolutePath().toString());
      assertThat(described.getJsonArray("items").getJsonObject(0).getMap()).containsEntry("kind", "source-parser")
          .containsEntry("name", "shout").containsEntry("origin", "shout-plugin.jar").containsEntry("active", true);
      JsonObject chat = described.getJsonArray("kinds").stream().map(JsonObject.class::cast)
          .filter(kind -> kind.getString("kind").equals("chat-model")).findFirst().orElseThrow();
      assertThat(chat.getString("configKey")).isEqualTo("chat-provider");
      assertThat(chat.getString("selected")).isEqualTo("extractive");
    }
  }

  @Test
  void aFileThatIsNoJarStopsTheStartNamingIt() throws Exception {
    Path dir = plugins();
    PluginJars.sourceParser(dir.resolve("good.jar"), "com.example.good.GoodParser", "good");
    PluginJars.garbage(dir.resolve("broken.jar"));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plugin jar broken.jar in " + dir.toAbsolutePath())
        .hasMessageContaining("cannot be read as a jar");
  }

  @Test
  void aServiceEntryNamingAClassTheJarLacksStopsTheStartNamingJarAndClass() throws Exception {
    Path dir = plugins();
    PluginJars.pack(dir.resolve("hollow.jar"), null, Map.of(PARSER, List.of("com.example.hollow.MissingParser")));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar hollow.jar")
        .hasMessageContaining("source parser plugin com.example.hollow.MissingParser")
        .hasMessageContaining("no such class is in the jar");
  }

  @Test
  void aClassThatIsNotOfTheKindStopsTheStart() throws Exception {
    Path dir = plugins();
    PluginJars.build(dir.resolve("wrong.jar"),
        Map.of("com.example.wrong.NotAParser", "package com.example.wrong; public final class NotAParser {}"),
        Map.of(PARSER, List.of("com.example.wrong.NotAParser")));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar wrong.jar")
        .hasMessageContaining("does not implement " + PARSER);
  }

  @Test
  void aPluginThatCannotBeCreatedStopsTheStartNamingItsJar() throws Exception {
    Path dir = plugins();
    // a constructor that throws, as a plugin whose resources are missing would
    PluginJars.build(dir.resolve("fragile.jar"), Map.of("com.example.fragile.FragileParser", """
        package com.example.fragile;
        import io.mediawhisperer.spi.parser.*;
        public final class FragileParser implements SourceParser {
          public FragileParser() { throw new IllegalStateException("model file missing"); }
          public String name() { return "fragile"; }
          public String kind() { return "text"; }
          public int confidence(byte[] head) { return 0; }
          public ParsedSource parse(java.nio.file.Path file, ParseLimits limits) { return null; }
        }
        """), Map.of(PARSER, List.of("com.example.fragile.FragileParser")));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar fragile.jar")
        .hasMessageContaining("cannot create its source parser plugin com.example.fragile.FragileParser")
        .hasMessageContaining("model file missing");
  }

  @Test
  void twoPluginsOfOneKindWithOneNameStopTheStartNamingBothJars() throws Exception {
    Path dir = plugins();
    PluginJars.sourceParser(dir.resolve("a-shout.jar"), "com.example.a.ShoutParser", "shout");
    PluginJars.sourceParser(dir.resolve("b-shout.jar"), "com.example.b.ShoutParser", "shout");

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar b-shout.jar")
        .hasMessageContaining("source parser plugin named 'shout'")
        .hasMessageContaining("plugin jar a-shout.jar provides one too");
  }

  @Test
  void theSameJarTwiceStopsTheStartNamingBothCopies() throws Exception {
    Path dir = plugins();
    Path jar = PluginJars.sourceParser(dir.resolve("shout-1.0.jar"), "com.example.shout.ShoutParser", "shout");
    Files.copy(jar, dir.resolve("shout-1.1.jar"));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar shout-1.1.jar")
        .hasMessageContaining("provides com.example.shout.ShoutParser, which plugin jar shout-1.0.jar provides too");
  }

  @Test
  void aJarRepeatingABuiltInPluginStopsTheStartNamingIt() throws Exception {
    Path builtIn = PluginJars.sourceParser(temp.resolve("server/text-parser.jar"), "com.example.text.TextParser", "plain");
    Path dir = plugins();
    Files.copy(builtIn, dir.resolve("text-parser-copy.jar"));

    try (URLClassLoader serverWithAParser = new URLClassLoader(new java.net.URL[] {builtIn.toUri().toURL()}, server)) {
      try (PluginCatalog alone = PluginCatalog.load(null, serverWithAParser, PluginKinds.ALL)) {
        assertThat(alone.entries()).singleElement().satisfies(entry -> assertThat(entry.origin()).isEqualTo("built-in"));
      }
      assertThatThrownBy(() -> PluginCatalog.load(dir, serverWithAParser, PluginKinds.ALL))
          .hasMessageContaining("plugin jar text-parser-copy.jar")
          .hasMessageContaining("source parser plugin 'plain' (com.example.text.TextParser)")
          .hasMessageContaining("already built into the server");
    }
  }

  @Test
  void aPluginNamedLikeABuiltInOneStopsTheStart() throws Exception {
    Path builtIn = PluginJars.sourceParser(temp.resolve("server/text-parser.jar"), "com.example.text.TextParser", "plain");
    Path dir = plugins();
    PluginJars.sourceParser(dir.resolve("impostor.jar"), "com.example.other.PlainParser", "plain");

    try (URLClassLoader serverWithAParser = new URLClassLoader(new java.net.URL[] {builtIn.toUri().toURL()}, server)) {
      assertThatThrownBy(() -> PluginCatalog.load(dir, serverWithAParser, PluginKinds.ALL))
          .hasMessageContaining("plugin jar impostor.jar")
          .hasMessageContaining("named 'plain'")
          .hasMessageContaining("the server has one built in (com.example.text.TextParser)");
    }
  }

  @Test
  void aServiceOfAnUnknownKindStopsTheStart() throws Exception {
    Path dir = plugins();
    PluginJars.pack(dir.resolve("future.jar"), null,
        Map.of("io.mediawhisperer.spi.video.VideoRenderer", List.of("com.example.Renderer")));

    assertThatThrownBy(() -> PluginCatalog.load(dir, server, PluginKinds.ALL))
        .hasMessageContaining("plugin jar future.jar")
        .hasMessageContaining("a kind this server does not know (META-INF/services/io.mediawhisperer.spi.video.VideoRenderer)");
  }

  @Test
  void aSpeechSynthesizerJarIsLoadedAsItsKindWithoutAKeySelectingIt() throws Exception {
    Path dir = plugins();
    String provider = "io.mediawhisperer.spi.speech.SpeechSynthesizerProvider";
    PluginJars.build(dir.resolve("hum.jar"), Map.of("com.example.hum.HumProvider", """
        package com.example.hum;
        import io.mediawhisperer.spi.PluginSettings;
        import io.mediawhisperer.spi.speech.*;
        public final class HumProvider implements SpeechSynthesizerProvider {
          public String name() { return "hum"; }
          public boolean available() { return true; }
          public SpeechSynthesizer open(PluginSettings settings) throws SpeechException { throw new SpeechException("no"); }
        }
        """), Map.of(provider, List.of("com.example.hum.HumProvider")));

    try (PluginCatalog catalog = PluginCatalog.load(dir, server, PluginKinds.ALL)) {
      assertThat(catalog.plugins(io.mediawhisperer.spi.speech.SpeechSynthesizerProvider.class).names()).containsExactly("hum");
      JsonObject described = catalog.describe(new JsonObject());
      assertThat(described.getJsonArray("items").getJsonObject(0).getMap()).containsEntry("kind", "speech-synthesizer")
          .containsEntry("name", "hum").containsEntry("active", true);
      JsonObject kind = described.getJsonArray("kinds").stream().map(JsonObject.class::cast)
          .filter(k -> k.getString("kind").equals("speech-synthesizer")).findFirst().orElseThrow();
      assertThat(kind.getString("interface")).isEqualTo(provider);
      assertThat(kind.getString("configKey")).isNull();
    }
  }

  @Test
  void aPluginsPathThatIsAFileStopsTheStart() throws Exception {
    Path file = Files.writeString(temp.resolve("plugins"), "not a directory");
    assertThatThrownBy(() -> PluginCatalog.load(file, server, PluginKinds.ALL))
        .hasMessageContaining("the plugins directory " + file + " is not a directory");
  }

  @Test
  void theDirectoryDefaultsToPluginsInTheDataDir() {
    assertThat(Plugins.directory(new JsonObject().put("data-dir", "/srv/mw"))).isEqualTo(Path.of("/srv/mw/plugins"));
    assertThat(Plugins.directory(new JsonObject().put("data-dir", "/srv/mw").put("plugins-dir", "/opt/mw-plugins")))
        .isEqualTo(Path.of("/opt/mw-plugins"));
  }

  @Test
  void aKindTheCatalogDoesNotLoadIsAClearError() {
    try (PluginCatalog catalog = PluginCatalog.load(null, server, List.of(PluginKinds.SOURCE_PARSER))) {
      assertThatThrownBy(() -> catalog.plugins(io.mediawhisperer.spi.chat.ChatModelProvider.class))
          .hasMessageContaining("is not a plugin kind this server loads");
    }
  }
}
