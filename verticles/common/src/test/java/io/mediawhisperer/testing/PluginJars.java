package io.mediawhisperer.testing;

import io.mediawhisperer.spi.NamedPlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars made by tests, the way a plugin author makes them: sources compiled against the SPI
 * alone (so their classes are on no test classpath and only a plugins directory can provide them),
 * packed with their {@code META-INF/services} entries.
 */
public final class PluginJars {

  private PluginJars() {
  }

  /**
   * A jar with one source parser named {@code pluginName}, class {@code className} (which must be
   * in a package), that never claims an upload (confidence 0), so a node that loads it parses as before.
   */
  public static Path sourceParser(Path jar, String className, String pluginName) throws IOException {
    int dot = className.lastIndexOf('.');
    String source = """
        package %s;

        import io.mediawhisperer.spi.parser.ParseException;
        import io.mediawhisperer.spi.parser.ParseLimits;
        import io.mediawhisperer.spi.parser.ParsedSource;
        import io.mediawhisperer.spi.parser.SourceParser;
        import java.nio.file.Path;

        public final class %s implements SourceParser {
          public String name() { return "%s"; }
          public String kind() { return "text"; }
          public int confidence(byte[] head) { return 0; }
          public ParsedSource parse(Path file, ParseLimits limits) throws ParseException {
            throw new ParseException(ParseException.CORRUPT, "a test plugin parses nothing");
          }
        }
        """.formatted(className.substring(0, dot), className.substring(dot + 1), pluginName);
    return build(jar, Map.of(className, source), Map.of("io.mediawhisperer.spi.parser.SourceParser", List.of(className)));
  }

  /**
   * Compiles {@code sources} (class name to source) against the SPI and writes them into {@code jar}
   * with {@code services} (interface name to the implementations listed in its services file).
   */
  public static Path build(Path jar, Map<String, String> sources, Map<String, List<String>> services) throws IOException {
    Path work = Files.createTempDirectory("mw-plugin-src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "--release", "21",
        "-classpath", location(NamedPlugin.class).toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the tests need a JDK (javac) to build plugin jars");
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    if (javac.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the test plugin does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
    return pack(jar, classes, services);
  }

  /** A jar of the classes under {@code classes} plus {@code services} files. */
  public static Path pack(Path jar, Path classes, Map<String, List<String>> services) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (classes != null) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          entries.put(classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
    }
    services.forEach((kind, implementations) -> entries.put("META-INF/services/" + kind,
        (String.join("\n", implementations) + "\n").getBytes(StandardCharsets.UTF_8)));
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jarOut.putNextEntry(new JarEntry(entry.getKey()));
        jarOut.write(entry.getValue());
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  /**
   * A jar of whatever holds {@code type} on the test classpath: a copy of its jar, or (when the
   * build resolved a module to its {@code target/classes}) a jar made of that directory.
   */
  public static Path jarOf(Class<?> type, Path jar) throws IOException {
    Path location = location(type);
    Files.createDirectories(jar.toAbsolutePath().getParent());
    if (Files.isRegularFile(location)) {
      return Files.copy(location, jar);
    }
    return pack(jar, location, Map.of());
  }

  /** A file named like a jar that is not one. */
  public static Path garbage(Path jar) throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    return Files.writeString(jar, "this is not a zip file, whatever its name says\n");
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      throw new IllegalStateException("cannot tell where " + type.getName() + " is loaded from", e);
    }
  }
}
