package io.mediawhisperer.plugin.chatlog.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatExports;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of the two readers gets a file, as the server chooses: both read a {@code mapping} tree. */
class ReaderChoiceTest {

  private static final List<ChatExportReader> READERS = List.of(new ChatGptReader(), new DeepSeekReader());

  @TempDir
  Path dir;

  @Test
  void bothReadersAreRegistered() {
    assertThat(ServiceLoader.load(ChatExportReader.class).stream().map(p -> p.type().getSimpleName()))
        .contains("ChatGptReader", "DeepSeekReader");
  }

  @Test
  void chatGptShapedDocumentsGoToTheChatGptReaderAndFragmentsToDeepSeek() throws Exception {
    List<Path> chatGptShaped = new ArrayList<>(Fixtures.chatGpt());
    chatGptShaped.add(Fixtures.CHATGPT_SHAPED_SAMPLE);
    for (Path file : chatGptShaped) {
      assertThat(ChatExports.choose(file, READERS)).as(file.toString()).get()
          .satisfies(choice -> assertThat(choice.reader()).isInstanceOf(ChatGptReader.class));
    }
    for (Path file : Fixtures.deepSeek()) {
      assertThat(ChatExports.choose(file, READERS)).as(file.toString()).get()
          .satisfies(choice -> assertThat(choice.reader()).isInstanceOf(DeepSeekReader.class));
    }
  }

  @Test
  void theZipChatGptSendsIsReadFromItsConversationsJsonAlone() throws Exception {
    Path zip = dir.resolve("chatgpt-export.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      put(out, "chat.html", "<html><body><script>var jsonData = [];</script></body></html>".getBytes(StandardCharsets.UTF_8));
      put(out, "user.json", "{\"id\": \"user-abc\", \"email\": \"someone@example.org\", \"mapping\": {}}".getBytes(StandardCharsets.UTF_8));
      put(out, "file-7Hq2.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
      put(out, "message_feedback.json", "[]".getBytes(StandardCharsets.UTF_8));
      put(out, "conversations.json", Files.readAllBytes(Fixtures.corpus("chatgpt-export.json")));
    }

    ChatExports.Choice choice = ChatExports.choose(zip, READERS).orElseThrow();

    assertThat(choice.reader()).isInstanceOf(ChatGptReader.class);
    assertThat(choice.entry()).isEqualTo("conversations.json");
    List<ChatConversation> read = new ArrayList<>();
    try (InputStream json = ChatExports.open(zip, choice, 10L * 1024 * 1024)) {
      choice.reader().read(json, ChatGptReaderTest.collectInto(read), ParseLimits.defaults());
    }
    assertThat(read).extracting(ChatConversation::title).containsExactly("Conversation 1. Web Search", "Conversation 2");
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
