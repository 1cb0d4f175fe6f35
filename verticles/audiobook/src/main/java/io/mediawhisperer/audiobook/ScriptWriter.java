package io.mediawhisperer.audiobook;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** Turns a source's whole text ({@code IngestionBus.READING}'s reply) into the chapters a book speaks. Blocking. */
interface ScriptWriter {

  List<Chapter> write(JsonObject reading);

  /** A chapter: its title, the paragraphs to speak (the title first), and its words (for progress and estimates). */
  record Chapter(String title, List<String> paragraphs, int words) {
  }
}
