package io.mediawhisperer.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * The loaded implementations of one plugin kind, by name. Loading fails loudly on a duplicate
 * or malformed name, and a lookup of an unknown name lists what is available, so a typo in the
 * configuration is a one-line fix rather than a hunt.
 */
public final class NamedPlugins<T extends NamedPlugin> {

  private static final Pattern VALID_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Class<T> kind;
  private final Map<String, T> byName;

  private NamedPlugins(Class<T> kind, Map<String, T> byName) {
    this.kind = kind;
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Loads every implementation of {@code kind} visible to {@code loader}. */
  public static <T extends NamedPlugin> NamedPlugins<T> load(Class<T> kind, ClassLoader loader) {
    Map<String, T> byName = new LinkedHashMap<>();
    try {
      for (T plugin : ServiceLoader.load(kind, loader)) {
        register(kind, byName, plugin);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load a " + kind.getSimpleName() + " plugin: " + e.getMessage(), e);
    }
    return new NamedPlugins<>(kind, byName);
  }

  /** For tests and embedding: a registry of the given instances, checked like loaded ones. */
  @SafeVarargs
  public static <T extends NamedPlugin> NamedPlugins<T> of(Class<T> kind, T... plugins) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T plugin : plugins) {
      register(kind, byName, plugin);
    }
    return new NamedPlugins<>(kind, byName);
  }

  /** A registry of instances loaded elsewhere (the server's per-node plugin catalog), checked like loaded ones. */
  public static <T extends NamedPlugin> NamedPlugins<T> of(Class<T> kind, List<? extends T> plugins) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T plugin : plugins) {
      register(kind, byName, plugin);
    }
    return new NamedPlugins<>(kind, byName);
  }

  /** Whether {@code name} is a valid plugin name: lower-case words (letters, digits) joined by dashes. */
  public static boolean validName(String name) {
    return name != null && VALID_NAME.matcher(name).matches();
  }

  private static <T extends NamedPlugin> void register(Class<T> kind, Map<String, T> byName, T plugin) {
    String name = plugin.name();
    if (!validName(name)) {
      throw new IllegalStateException(kind.getSimpleName() + " plugin " + plugin.getClass().getName()
          + " has an invalid name '" + name + "' (lower-case words joined by dashes)");
    }
    T previous = byName.putIfAbsent(name, plugin);
    if (previous != null) {
      throw new IllegalStateException("two " + kind.getSimpleName() + " plugins are named '" + name + "': "
          + previous.getClass().getName() + " and " + plugin.getClass().getName());
    }
  }

  public T get(String name) {
    T plugin = byName.get(name);
    if (plugin == null) {
      throw new IllegalArgumentException("no " + kind.getSimpleName() + " plugin named '" + name
          + "'; available: " + byName.keySet());
    }
    return plugin;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
