package io.mediawhisperer.plugin.chatlog.assistants;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The export documents the tests read: this module's fixtures (see their README.txt) and the corpus's chat exports. */
final class Fixtures {

  static final Path CLAUDE = own("claude-conversations.json");
  static final Path GEMINI = own("gemini-my-activity.json");
  static final Path GROK = own("grok-prod-grok-backend.json");
  static final Path MISTRAL_CHAT = own("mistral-chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json");
  static final Path MISTRAL_ACCOUNT = own("mistral-account-export.json");

  static final List<Path> OWN = List.of(CLAUDE, GEMINI, GROK, MISTRAL_CHAT, MISTRAL_ACCOUNT);

  private Fixtures() {
  }

  private static Path own(String name) {
    return Path.of("src/test/resources/chat", name);
  }

  /** Every chat export of the shared corpus (ChatGPT, LibreChat, Open WebUI, Chatbot UI). */
  static List<Path> corpus() {
    try (Stream<Path> files = Files.list(Corpus.root().resolve("chat"))) {
      List<Path> exports = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      if (exports.isEmpty()) {
        throw new IllegalStateException("the corpus has no chat exports");
      }
      return exports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document that is not one of {@code mine}: the corpus's exports and this module's other fixtures. */
  static List<Path> othersThan(Path... mine) {
    List<Path> others = new ArrayList<>(corpus());
    others.addAll(OWN);
    others.removeAll(List.of(mine));
    return others;
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
