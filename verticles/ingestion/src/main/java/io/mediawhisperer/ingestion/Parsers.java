package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.parser.SourceParser;
import java.util.Optional;

/** The loaded source parsers, and detection of an upload's kind from its first bytes. */
final class Parsers {

  private final NamedPlugins<SourceParser> plugins;

  Parsers(NamedPlugins<SourceParser> plugins) {
    this.plugins = plugins;
  }

  /** The most confident parser for these bytes; empty when none recognises them. */
  Optional<SourceParser> detect(byte[] head) {
    SourceParser best = null;
    int bestConfidence = 0;
    for (String name : plugins.names()) {
      SourceParser parser = plugins.get(name);
      int confidence = safeConfidence(parser, head);
      if (confidence > bestConfidence) {
        best = parser;
        bestConfidence = confidence;
      }
    }
    return Optional.ofNullable(best);
  }

  SourceParser named(String name) {
    return plugins.get(name);
  }

  /** A parser that throws while sniffing simply does not recognise the bytes. */
  private static int safeConfidence(SourceParser parser, byte[] head) {
    try {
      return parser.confidence(head);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
