package io.mediawhisperer.spi;

/**
 * What every plugin kind has in common: a stable name, unique within its kind, by which
 * configuration chooses it (for example {@code vector-backend = lucene}). Names are lower-case
 * words joined by dashes and never change once published.
 */
public interface NamedPlugin {

  String name();
}
