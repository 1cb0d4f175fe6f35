package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExports;
import io.mediawhisperer.spi.parser.SourceParser;
import java.util.List;
import java.util.Optional;

/**
 * The loaded source parsers and chat export readers, and detection of an upload's kind from its
 * first bytes: a zip, or JSON a chat export reader is surer of than any parser, is a chat export
 * (imported by a job, one source per conversation); anything else goes to the surest parser.
 */
final class Parsers {

  private final NamedPlugins<SourceParser> plugins;
  private final List<ChatExportReader> chatReaders;

  Parsers(NamedPlugins<SourceParser> plugins, NamedPlugins<ChatExportReader> chatReaders) {
    this.plugins = plugins;
    this.chatReaders = chatReaders.names().stream().map(chatReaders::get).toList();
  }

  List<ChatExportReader> chatReaders() {
    return chatReaders;
  }

  /** True when these bytes start a chat export (a zip is opened by the import job, which says so when it holds none). */
  boolean isChatExport(byte[] head) {
    if (ChatExports.isZip(head)) {
      return !chatReaders.isEmpty();
    }
    int surestReader = 0;
    for (ChatExportReader reader : chatReaders) {
      try {
        surestReader = Math.max(surestReader, reader.confidence(head));
      } catch (RuntimeException e) {
        // a reader that throws while sniffing does not recognise the bytes
      }
    }
    return surestReader > 0 && surestReader > detect(head).map(p -> safeConfidence(p, head)).orElse(0);
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
