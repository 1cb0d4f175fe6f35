package io.mediawhisperer.bench;

import io.mediawhisperer.spi.embedding.TokenCounter;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Real text from the Python FAQ (reStructuredText sources): prose paragraphs, chunk-sized texts, questions. */
final class FaqText {

  private FaqText() {
  }

  /** The {@code *.rst.txt} files of {@code dir}, sorted by name. */
  static List<Path> rstFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".rst.txt")).sorted().toList();
    }
  }

  /** Every file's text, concatenated in name order. */
  static String concatenated(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path file : rstFiles(dir)) {
      all.append(Files.readString(file, StandardCharsets.UTF_8)).append("\n\n");
    }
    return all.toString();
  }

  /**
   * Prose paragraphs (lines joined, markup directives, headings' underlines and indented code
   * blocks left out) in file order.
   */
  static List<String> paragraphs(Path dir) throws IOException {
    List<String> paragraphs = new ArrayList<>();
    for (Path file : rstFiles(dir)) {
      for (String block : Files.readString(file, StandardCharsets.UTF_8).split("\\n\\s*\\n")) {
        String trimmed = block.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("..") || trimmed.startsWith(":") || block.startsWith("   ")
            || block.startsWith("\t")) {
          continue;
        }
        StringBuilder text = new StringBuilder();
        for (String line : trimmed.split("\\n")) {
          String l = line.strip();
          if (l.matches("[=\\-~^#*+`'\"]{3,}")) {
            continue; // a heading's underline or overline
          }
          text.append(text.isEmpty() ? "" : " ").append(l);
        }
        String clean = text.toString().replaceAll("\\s+", " ").strip();
        if (clean.split(" ").length >= 4) {
          paragraphs.add(clean);
        }
      }
    }
    return paragraphs;
  }

  /**
   * Texts the size of the server's chunks: whole paragraphs (or sentences of a long one) packed
   * while they stay within {@code maxTokens} wordpieces, the way the chunker packs sentences.
   * Cycles through the text again when it holds fewer than {@code count}.
   */
  static List<String> chunkSized(List<String> paragraphs, TokenCounter tokens, int maxTokens, int count) {
    List<String> pieces = new ArrayList<>();
    for (String paragraph : paragraphs) {
      if (tokens.count(paragraph) <= maxTokens) {
        pieces.add(paragraph);
      } else {
        pieces.addAll(List.of(paragraph.split("(?<=[.!?])\\s+(?=[A-Z`*(\"])")));
      }
    }
    List<String> distinct = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int currentTokens = 0;
    for (String piece : pieces) {
      int n = tokens.count(piece);
      if (!current.isEmpty() && currentTokens + n > maxTokens) {
        distinct.add(current.toString());
        current.setLength(0);
        currentTokens = 0;
      }
      current.append(current.isEmpty() ? "" : " ").append(piece);
      currentTokens += n;
    }
    if (!current.isEmpty()) {
      distinct.add(current.toString());
    }
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(distinct.get(i % distinct.size()));
    }
    return texts;
  }

  static int distinct(List<String> texts) {
    return (int) texts.stream().distinct().count();
  }

  /** The FAQ's questions (short, query-like), from {@code python-faq.jsonl}. */
  static List<String> questions(Path dir) throws IOException {
    Path jsonl = dir.resolve("python-faq.jsonl");
    List<String> questions = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        questions.add(new JsonObject(line).getString("question"));
      }
    }
    return questions;
  }
}
