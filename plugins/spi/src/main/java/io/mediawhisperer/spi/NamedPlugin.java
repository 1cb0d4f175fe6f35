package io.mediawhisperer.spi;

/**
 * What every plugin kind has in common: a stable name, unique within its kind, by which
 * configuration chooses it (for example {@code vector-backend = lucene}). Names are lower-case
 * words joined by dashes and never change once published.
 *
 * <p>For plugin authors: a plugin is a public class with a public no-argument constructor that
 * implements one kind's interface (its Javadoc says what the kind does and how the server calls
 * it), listed in the jar's {@code META-INF/services/<interface name>}. The server instantiates
 * every plugin once per node at start-up, from its own classpath and from the jars in its plugins
 * directory ({@code plugins-dir}, default {@code <data-dir>/plugins}); keep the constructor cheap
 * and do the heavy work when the server opens the plugin. Each kind has a contract test kit in the
 * SPI's test-jar ({@code io.mediawhisperer:mw-plugin-spi:<version>:tests}): extend it with one
 * factory method and the plugin is checked the way the server's own plugins are.
 */
public interface NamedPlugin {

  String name();
}
