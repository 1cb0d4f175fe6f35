package io.mediawhisperer.plugin.chatlog.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExports;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How this module's four readers rank every export the tests know, and how the server finds them. */
class DetectionTest {

  private static final List<ChatExportReader> READERS =
      List.of(new ClaudeReader(), new GeminiReader(), new GrokReader(), new MistralReader());

  private static final Map<Path, String> OWNER = Map.of(Fixtures.CLAUDE, "claude", Fixtures.GEMINI, "gemini",
      Fixtures.GROK, "grok", Fixtures.MISTRAL_CHAT, "mistral", Fixtures.MISTRAL_ACCOUNT, "mistral");

  private static int confidence(ChatExportReader reader, Path file) {
    byte[] all = Fixtures.bytes(file);
    return reader.confidence(Arrays.copyOf(all, Math.min(all.length, ChatExportReader.HEAD_BYTES)));
  }

  @Test
  void noReaderHereClaimsAnyOfTheCorpusExports() {
    // ChatGPT, LibreChat, Open WebUI and Chatbot UI exports belong to the other modules' readers
    for (Path export : Fixtures.corpus()) {
      for (ChatExportReader reader : READERS) {
        assertThat(confidence(reader, export)).as(reader.name() + " on " + export.getFileName()).isZero();
      }
    }
  }

  @Test
  void eachFixtureIsClaimedByItsOwnReaderOnly() {
    OWNER.forEach((fixture, owner) -> {
      for (ChatExportReader reader : READERS) {
        int confidence = confidence(reader, fixture);
        if (reader.name().equals(owner)) {
          assertThat(confidence).as(owner + " on its own " + fixture.getFileName()).isPositive();
        } else {
          assertThat(confidence).as(reader.name() + " on " + fixture.getFileName()).isZero();
        }
      }
    });
  }

  @Test
  void leChatsGenericShapesScoreBelowEveryReaderThatFindsItsServicesOwnKeys() {
    int mistralBest = Math.max(confidence(new MistralReader(), Fixtures.MISTRAL_CHAT),
        confidence(new MistralReader(), Fixtures.MISTRAL_ACCOUNT));
    assertThat(mistralBest).isBetween(1, 40);
    for (Path own : List.of(Fixtures.CLAUDE, Fixtures.GEMINI, Fixtures.GROK)) {
      int ownerConfidence = READERS.stream().filter(r -> r.name().equals(OWNER.get(own))).findFirst().orElseThrow()
          .confidence(Fixtures.bytes(own));
      assertThat(ownerConfidence).as(own.getFileName().toString()).isGreaterThan(mistralBest);
    }
  }

  @Test
  void theServerFindsTheFourReadersByTheirServiceFile() {
    assertThat(ServiceLoader.load(ChatExportReader.class).stream().map(p -> p.get().name()).toList())
        .contains("claude", "gemini", "grok", "mistral");
  }

  @Test
  void inAZipTheRightDocumentIsChosen(@TempDir Path dir) throws IOException {
    Path claude = zip(dir.resolve("claude.zip"), Map.of("data-2025-10-06-00-55-16-batch-0000/users.json", "[{\"uuid\": \"u\"}]",
        "data-2025-10-06-00-55-16-batch-0000/projects.json", "[]",
        "data-2025-10-06-00-55-16-batch-0000/conversations.json", Files.readString(Fixtures.CLAUDE)));
    assertThat(ChatExports.choose(claude, READERS)).hasValueSatisfying(choice -> {
      assertThat(choice.reader().name()).isEqualTo("claude");
      assertThat(choice.entry()).isEqualTo("data-2025-10-06-00-55-16-batch-0000/conversations.json");
    });
    Path takeout = zip(dir.resolve("takeout.zip"), Map.of(
        "Takeout/My Activity/YouTube/MyActivity.json",
        "[{\"header\": \"YouTube\", \"title\": \"Watched x\", \"time\": \"2026-01-01T00:00:00Z\", \"products\": [\"YouTube\"]}]",
        "Takeout/My Activity/Gemini Apps/MyActivity.json", Files.readString(Fixtures.GEMINI),
        "Takeout/My Activity/Gemini Apps/MyActivity.html", "<html></html>"));
    assertThat(ChatExports.choose(takeout, READERS)).hasValueSatisfying(choice -> {
      assertThat(choice.reader().name()).isEqualTo("gemini");
      assertThat(choice.entry()).isEqualTo("Takeout/My Activity/Gemini Apps/MyActivity.json");
    });
    Path grok = zip(dir.resolve("grok.zip"), Map.of("export_data/prod-grok-backend.json", Files.readString(Fixtures.GROK),
        "export_data/prod-mc-auth-mgmt-api.json", "{}"));
    assertThat(ChatExports.choose(grok, READERS)).hasValueSatisfying(choice -> assertThat(choice.reader().name()).isEqualTo("grok"));
    Path leChat = zip(dir.resolve("lechat.zip"), Map.of(
        "chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json", Files.readString(Fixtures.MISTRAL_CHAT),
        "chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b-files/brief.docx", "PK"));
    assertThat(ChatExports.choose(leChat, READERS)).hasValueSatisfying(choice -> {
      assertThat(choice.reader().name()).isEqualTo("mistral");
      assertThat(choice.entry()).isEqualTo("chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json");
    });
  }

  private static Path zip(Path file, Map<String, String> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }
}
