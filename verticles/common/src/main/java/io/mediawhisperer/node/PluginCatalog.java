package io.mediawhisperer.node;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.NamedPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one node: every kind of {@link PluginKinds#ALL}, loaded once at start-up with
 * {@link ServiceLoader} from the server's classpath ("built in") and from the jars of the plugins
 * directory, through one class loader over those jars whose parent is the server's class loader
 * (so a plugin sees the SPI and the libraries the server ships, and every verticle of the node
 * gets the same plugin instances).
 *
 * <p>Loading is strict, because a plugin that silently fails to load shows up much later as "no
 * plugin named x": a jar that cannot be read, that names a class it does not contain (or one that
 * cannot be loaded, does not implement the kind, or has no public no-argument constructor), that
 * repeats a plugin the server already has built in, that provides a class another jar provides
 * too, or that declares a service of an {@code io.mediawhisperer.spi} kind the server does not
 * know, stops the start with a message naming the jar; so do two plugins of one kind with the same
 * name. Jars without plugin declarations are allowed: they are libraries the plugins need.
 *
 * <p>Classes are looked up parent first: a class the server has (the SPI, Jackson, Vert.x ...) is
 * always the server's, whatever copy a plugin jar bundles.
 */
public final class PluginCatalog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
  /** The origin of a plugin that comes with the server rather than from a jar of the plugins directory. */
  public static final String BUILT_IN = "built-in";
  private static final String SERVICES = "META-INF/services/";
  private static final String SPI_PACKAGE = "io.mediawhisperer.spi.";

  /** One loaded plugin; {@code jar} is the file name of the plugin jar it came from, null when built in. */
  public record Entry(PluginKind kind, String name, String className, String jar) {

    public String origin() {
      return jar == null ? BUILT_IN : jar;
    }
  }

  /** A class a plugin jar names in its {@code META-INF/services/<kind>} file. */
  private record Declaration(String jar, PluginKind kind, String className) {
  }

  private final Path directory;
  private final List<String> jars;
  private final URLClassLoader loader;
  private final List<PluginKind> kinds;
  private final Map<Class<?>, NamedPlugins<?>> byKind;
  private final List<Entry> entries;

  private PluginCatalog(Path directory, List<String> jars, URLClassLoader loader, List<PluginKind> kinds,
      Map<Class<?>, NamedPlugins<?>> byKind, List<Entry> entries) {
    this.directory = directory;
    this.jars = List.copyOf(jars);
    this.loader = loader;
    this.kinds = List.copyOf(kinds);
    this.byKind = Map.copyOf(byKind);
    this.entries = List.copyOf(entries);
  }

  /** The plugins on the server's classpath only: what a Vert.x the launcher did not set up (tests) gets. */
  public static PluginCatalog builtIn() {
    return load(null, PluginCatalog.class.getClassLoader(), PluginKinds.ALL);
  }

  /** Every kind of {@link PluginKinds#ALL}, built in and from the jars of {@code directory}. Blocking. */
  public static PluginCatalog load(Path directory) {
    return load(directory, PluginCatalog.class.getClassLoader(), PluginKinds.ALL);
  }

  /**
   * Loads {@code kinds} from {@code parent} and the jars of {@code directory} (null, or a directory
   * that does not exist: none). Blocking (reads the jars, instantiates the plugins).
   *
   * @throws IllegalStateException naming the jar (and the kind and plugin) that cannot be used
   */
  public static PluginCatalog load(Path directory, ClassLoader parent, List<PluginKind> kinds) {
    List<Path> jarFiles = jarFiles(directory);
    List<Declaration> declared = declarations(directory, jarFiles, kinds);
    URLClassLoader loader = jarFiles.isEmpty() ? null : classLoader(directory, jarFiles, parent);
    try {
      ClassLoader effective = loader == null ? parent : loader;
      for (Declaration declaration : declared) {
        checkClass(directory, declaration, effective);
      }
      Map<Class<?>, NamedPlugins<?>> byKind = new HashMap<>();
      List<Entry> entries = new ArrayList<>();
      for (PluginKind kind : kinds) {
        List<NamedPlugin> instances = new ArrayList<>();
        entries.addAll(loadKind(directory, kind, effective, loader, declared, instances));
        byKind.put(kind.type(), registry(kind.type(), instances));
      }
      List<String> jarNames = jarFiles.stream().map(p -> p.getFileName().toString()).toList();
      PluginCatalog catalog = new PluginCatalog(directory, jarNames, loader, kinds, byKind, entries);
      catalog.log(declared);
      return catalog;
    } catch (RuntimeException | Error e) {
      closeQuietly(loader);
      throw e;
    }
  }

  /** The loaded plugins of one kind, by name. */
  @SuppressWarnings("unchecked")
  public <T extends NamedPlugin> NamedPlugins<T> plugins(Class<T> kind) {
    NamedPlugins<?> found = byKind.get(kind);
    if (found == null) {
      throw new IllegalArgumentException(kind.getName() + " is not a plugin kind this server loads (see PluginKinds.ALL)");
    }
    return (NamedPlugins<T>) found;
  }

  /** Every loaded plugin, kind by kind, built-in ones first. */
  public List<Entry> entries() {
    return entries;
  }

  /** The file names of the plugin jars, in loading order. */
  public List<String> jars() {
    return jars;
  }

  /**
   * What {@code GET /api/v1/admin/plugins} shows of this node: {@code {"directory", "jars",
   * "kinds": [{"kind", "title", "interface", "configKey", "selected"}], "items": [{"kind", "name",
   * "origin", "className", "active"}]}}. {@code configKey} and {@code selected} are null for a kind
   * whose every plugin is used (source parsers); {@code active} says whether the node uses the
   * plugin with the configuration given.
   */
  public JsonObject describe(JsonObject config) {
    JsonArray kindList = new JsonArray();
    Map<PluginKind, String> selected = new HashMap<>();
    for (PluginKind kind : kinds) {
      String choice = kind.selectedBy() == null ? null : config.getString(kind.selectedBy().name());
      selected.put(kind, choice);
      kindList.add(new JsonObject()
          .put("kind", kind.id())
          .put("title", kind.title())
          .put("interface", kind.type().getName())
          .put("configKey", kind.selectedBy() == null ? null : kind.selectedBy().name())
          .put("selected", choice));
    }
    JsonArray items = new JsonArray();
    for (Entry entry : entries) {
      items.add(new JsonObject()
          .put("kind", entry.kind().id())
          .put("name", entry.name())
          .put("origin", entry.origin())
          .put("className", entry.className())
          .put("active", entry.kind().selectedBy() == null || entry.name().equals(selected.get(entry.kind()))));
    }
    return new JsonObject()
        .put("directory", directory == null ? null : directory.toAbsolutePath().toString())
        .put("jars", new JsonArray(jars))
        .put("kinds", kindList)
        .put("items", items);
  }

  /** Closes the plugin jars; only once no verticle uses a plugin any more (the node has stopped). */
  @Override
  public void close() {
    closeQuietly(loader);
  }

  // --- loading ---

  private static List<Path> jarFiles(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return List.of();
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException("the plugins directory " + directory + " is not a directory");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the plugins directory " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The plugin classes each jar names, read from the jar itself so that every problem can name its jar. */
  private static List<Declaration> declarations(Path directory, List<Path> jarFiles, List<PluginKind> kinds) {
    Map<String, PluginKind> kindsByInterface = new HashMap<>();
    kinds.forEach(kind -> kindsByInterface.put(kind.type().getName(), kind));
    List<Declaration> declared = new ArrayList<>();
    Map<String, String> jarOfClass = new HashMap<>();
    for (Path jarFile : jarFiles) {
      String jar = jarFile.getFileName().toString();
      try (JarFile file = new JarFile(jarFile.toFile())) {
        Enumeration<JarEntry> all = file.entries();
        while (all.hasMoreElements()) {
          JarEntry entry = all.nextElement();
          if (entry.isDirectory() || !entry.getName().startsWith(SERVICES + SPI_PACKAGE)) {
            continue; // other libraries' services are none of our business
          }
          String service = entry.getName().substring(SERVICES.length());
          PluginKind kind = kindsByInterface.get(service);
          if (kind == null) {
            throw jarProblem(directory, jar, "declares plugins of a kind this server does not know (" + entry.getName()
                + "); the kinds are " + kinds.stream().map(k -> k.type().getName()).toList());
          }
          for (String className : providerNames(file, entry)) {
            String owner = jarOfClass.putIfAbsent(className, jar);
            if (owner != null && !owner.equals(jar)) {
              throw jarProblem(directory, jar, "provides " + className + ", which plugin jar " + owner
                  + " provides too: remove one of them");
            }
            declared.add(new Declaration(jar, kind, className));
          }
        }
      } catch (IOException e) {
        throw jarProblem(directory, jar, "cannot be read as a jar (" + e.getMessage() + ")");
      }
    }
    return declared;
  }

  /** A services file as {@link ServiceLoader} reads it: one class name per line, {@code #} starts a comment. */
  private static List<String> providerNames(JarFile file, JarEntry entry) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int comment = line.indexOf('#');
        String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static URLClassLoader classLoader(Path directory, List<Path> jarFiles, ClassLoader parent) {
    URL[] urls = new URL[jarFiles.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jarFiles.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw jarProblem(directory, jarFiles.get(i).getFileName().toString(), "has a path that is not a URL: " + e.getMessage());
      }
    }
    return new URLClassLoader("mw-plugins", urls, parent);
  }

  /** What {@link ServiceLoader} would stumble over, checked first so the message names the jar. */
  private static void checkClass(Path directory, Declaration declaration, ClassLoader loader) {
    String what = declaration.kind().title() + " plugin " + declaration.className();
    try {
      Class<?> type = Class.forName(declaration.className(), false, loader);
      if (!declaration.kind().type().isAssignableFrom(type)) {
        throw jarProblem(directory, declaration.jar(), "names " + declaration.className() + " as a " + declaration.kind().title()
            + " plugin, but it does not implement " + declaration.kind().type().getName());
      }
      if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
        throw jarProblem(directory, declaration.jar(), "names the " + what + ", which is not a public, concrete class");
      }
      type.getConstructor();
    } catch (ClassNotFoundException e) {
      throw jarProblem(directory, declaration.jar(), "names the " + what + " in " + SERVICES + declaration.kind().type().getName()
          + ", but no such class is in the jar (nor in the server or another plugin jar)");
    } catch (NoSuchMethodException e) {
      throw jarProblem(directory, declaration.jar(), "names the " + what + ", which has no public constructor without arguments");
    } catch (LinkageError e) {
      // a dependency missing from the plugins directory, or classes compiled for a newer Java
      throw jarProblem(directory, declaration.jar(), "has a " + what + " that cannot be loaded: " + e);
    }
  }

  private static List<Entry> loadKind(Path directory, PluginKind kind, ClassLoader effective, URLClassLoader loader,
      List<Declaration> declared, List<NamedPlugin> instances) {
    List<Entry> loaded = new ArrayList<>();
    Map<String, Entry> byName = new LinkedHashMap<>();
    var providers = ServiceLoader.load(kind.type(), effective).stream().iterator();
    while (true) {
      ServiceLoader.Provider<? extends NamedPlugin> provider;
      try {
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError e) {
        throw blame(directory, kind, declared, e);
      }
      Class<? extends NamedPlugin> type = provider.type();
      Declaration declaration = declared.stream()
          .filter(d -> d.kind() == kind && d.className().equals(type.getName())).findFirst().orElse(null);
      boolean fromJar = loader != null && type.getClassLoader() == loader;
      String jar = fromJar ? (declaration != null ? declaration.jar() : jarOf(type)) : null;
      NamedPlugin plugin;
      try {
        plugin = provider.get();
      } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
        String why = rootMessage(e);
        throw jar != null
            ? jarProblem(directory, jar, "cannot create its " + kind.title() + " plugin " + type.getName() + ": " + why)
            : new IllegalStateException("cannot create the built-in " + kind.title() + " plugin " + type.getName() + ": " + why, e);
      }
      String name = plugin.name();
      if (declaration != null && !fromJar) {
        // parent first: the jar's copy of a server class is never used, so the jar only repeats a built-in plugin
        throw jarProblem(directory, declaration.jar(), "provides the " + kind.title() + " plugin '" + name + "' ("
            + type.getName() + "), which is already built into the server: remove the jar (a plugin is installed once)");
      }
      if (!NamedPlugins.validName(name)) {
        String problem = "has the invalid name '" + name + "' (lower-case words joined by dashes)";
        throw jar != null
            ? jarProblem(directory, jar, "provides the " + kind.title() + " plugin " + type.getName() + ", which " + problem)
            : new IllegalStateException("the built-in " + kind.title() + " plugin " + type.getName() + " " + problem);
      }
      Entry entry = new Entry(kind, name, type.getName(), jar);
      Entry previous = byName.putIfAbsent(name, entry);
      if (previous != null) {
        String other = previous.jar() == null ? "the server has one built in (" + previous.className() + ")"
            : "plugin jar " + previous.jar() + " provides one too (" + previous.className() + ")";
        String problem = "provides a " + kind.title() + " plugin named '" + name + "' (" + type.getName() + "), but " + other
            + "; names are unique within a kind";
        throw jar != null ? jarProblem(directory, jar, problem) : new IllegalStateException("the server " + problem);
      }
      loaded.add(entry);
      instances.add(plugin);
    }
    return loaded;
  }

  /** A {@link ServiceLoader} failure, put on the jar whose class it names when there is one. */
  private static IllegalStateException blame(Path directory, PluginKind kind, List<Declaration> declared, ServiceConfigurationError e) {
    String message = String.valueOf(e.getMessage());
    Declaration culprit = declared.stream()
        .filter(d -> d.kind() == kind && message.contains(d.className()))
        .max((a, b) -> Integer.compare(a.className().length(), b.className().length()))
        .orElse(null);
    return culprit != null
        ? jarProblem(directory, culprit.jar(), "has a " + kind.title() + " plugin that cannot be loaded: " + message)
        : new IllegalStateException("cannot load the built-in " + kind.title() + " plugins: " + message, e);
  }

  private static <T extends NamedPlugin> NamedPlugins<T> registry(Class<T> type, List<NamedPlugin> instances) {
    return NamedPlugins.of(type, instances.stream().map(type::cast).toList());
  }

  private void log(List<Declaration> declared) {
    if (directory != null) {
      if (jars.isEmpty()) {
        LOG.info("plugins directory {}: no plugin jars", directory.toAbsolutePath());
      } else {
        LOG.info("plugins directory {}: {}", directory.toAbsolutePath(), jars.stream()
            .map(jar -> declared.stream().anyMatch(d -> d.jar().equals(jar)) ? jar : jar + " (no plugins: a library)")
            .collect(Collectors.joining(", ")));
      }
    }
    for (PluginKind kind : kinds) {
      LOG.info("{} plugins: {}", kind.title(), entries.stream().filter(e -> e.kind() == kind)
          .map(e -> e.name() + " (" + e.origin() + ")").collect(Collectors.joining(", ")));
    }
  }

  private static IllegalStateException jarProblem(Path directory, String jar, String problem) {
    return new IllegalStateException("plugin jar " + jar + " in " + directory.toAbsolutePath() + " " + problem);
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
    } catch (Exception e) {
      return "(unknown jar)";
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void closeQuietly(URLClassLoader loader) {
    if (loader == null) {
      return;
    }
    try {
      loader.close();
    } catch (IOException e) {
      LOG.warn("cannot close the plugin jars: {}", e.getMessage());
    }
  }
}
