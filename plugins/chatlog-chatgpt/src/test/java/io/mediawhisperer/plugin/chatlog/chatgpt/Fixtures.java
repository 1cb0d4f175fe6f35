package io.mediawhisperer.plugin.chatlog.chatgpt;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The exports the tests read: ChatGPT's from the shared corpus, DeepSeek's written here.
 *
 * <p>The DeepSeek fixtures follow the field notes in {@code ../shared/corpus/chat/FORMATS.md},
 * section "DeepSeek" (source [24], DavidShiang/DeepSeek2md {@code main.py}): an array of
 * {@code {id, title, inserted_at, updated_at, mapping}}, the mapping walked from the key
 * {@code "root"}, nodes {@code {id, parent, children, message}}, messages
 * {@code {inserted_at, fragments: [{type: REQUEST|RESPONSE|THINK, content}]}}, times ISO 8601 with
 * the {@code +08:00} offset [24]'s converter handles; no field beyond those. deepseek-export.json:
 * two linear conversations (one in Chinese), answers with THINK fragments; deepseek-branches.json:
 * an edited prompt and a regenerated answer; deepseek-corrupt.json: a readable conversation, one
 * without a mapping, one whose links go round. chatgpt-shaped-deepseek-sample.json follows the
 * shape of the caution's source [25] (andrmkrff/deepseek-chat-export, a ChatGPT-shaped "DeepSeek
 * sample": {@code author.role}, {@code content} as a string, ISO {@code create_time}, {@code model},
 * nodes without {@code id}/{@code parent}) with text of our own.
 */
final class Fixtures {

  static final Path DEEPSEEK_EXPORT = Path.of("src/test/resources/deepseek-export.json");
  static final Path DEEPSEEK_BRANCHES = Path.of("src/test/resources/deepseek-branches.json");
  static final Path DEEPSEEK_CORRUPT = Path.of("src/test/resources/deepseek-corrupt.json");
  static final Path CHATGPT_SHAPED_SAMPLE = Path.of("src/test/resources/chatgpt-shaped-deepseek-sample.json");

  private Fixtures() {
  }

  static Path corpus(String name) {
    return Corpus.file("chat/" + name);
  }

  static List<Path> chatGpt() {
    return List.of(corpus("chatgpt-export.json"), corpus("chatgpt-tree.json"), corpus("chatgpt-citations.json"),
        corpus("chatgpt-modern-export.json"));
  }

  static List<Path> deepSeek() {
    return List.of(DEEPSEEK_EXPORT, DEEPSEEK_BRANCHES, DEEPSEEK_CORRUPT);
  }

  /** Every export of the corpus's chat folder whose name does not start with {@code prefix}. */
  static List<Path> corpusExcept(String prefix) {
    try (Stream<Path> files = Files.list(Corpus.file("chat/FORMATS.md").getParent())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json"))
          .filter(f -> !f.getFileName().toString().startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
