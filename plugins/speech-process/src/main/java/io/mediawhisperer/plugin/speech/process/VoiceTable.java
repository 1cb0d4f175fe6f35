package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.Voice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine's voices and, for each, the argument its program is given to choose it. A request
 * names a voice by id; only an id of this table reaches the program, and then as the argument
 * the table holds, never as the client wrote it.
 */
final class VoiceTable {

  /** One voice and what its program calls it. */
  record Entry(Voice voice, String argument) {
  }

  private final String engine;
  private final Map<String, Entry> byId = new LinkedHashMap<>();

  VoiceTable(String engine, List<Entry> entries) {
    this.engine = engine;
    for (Entry entry : entries) {
      byId.putIfAbsent(entry.voice().id(), entry);
    }
    if (byId.isEmpty()) {
      throw new IllegalArgumentException(engine + " lists no voice");
    }
  }

  List<Voice> voices() {
    return byId.values().stream().map(Entry::voice).toList();
  }

  /**
   * The program's argument for {@code voiceId}.
   *
   * @throws IllegalArgumentException when the engine has no such voice
   */
  String argumentFor(String voiceId) {
    Entry entry = byId.get(voiceId);
    if (entry == null) {
      List<String> ids = List.copyOf(byId.keySet());
      throw new IllegalArgumentException(engine + " has no voice '" + voiceId + "'; it has " + ids.size() + " ("
          + String.join(", ", ids.subList(0, Math.min(8, ids.size()))) + (ids.size() > 8 ? ", ..." : "") + ")");
    }
    return entry.argument();
  }
}
