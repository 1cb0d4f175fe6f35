package io.mediawhisperer.plugin.embedding.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python FAQ retrieval set of the shared corpus (qa/python-faq.jsonl and the *.rst.txt files
 * it points into): one question per entry, its answer text, and for twenty entries a paraphrase
 * of the question that shares fewer words with the answer.
 */
record PythonFaq(List<Entry> entries) {

  static final Path CORPUS = Corpus.location();

  record Entry(String id, String question, String answer, Optional<String> paraphrase) {
  }

  static PythonFaq load() {
    Path qa = CORPUS.resolve("qa");
    Path jsonl = qa.resolve("python-faq.jsonl");
    assertThat(jsonl).as("the shared corpus must be at %s", CORPUS)
        .isRegularFile();
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> files = new HashMap<>();
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode e = json.readTree(line);
        List<String> lines = files.computeIfAbsent(e.get("file").asText(), name -> readLines(qa.resolve(name)));
        // answerStartLine and answerEndLine are 1-based and inclusive
        String answer = String.join("\n",
            lines.subList(e.get("answerStartLine").asInt() - 1, e.get("answerEndLine").asInt()));
        entries.add(new Entry(e.get("id").asText(), e.get("question").asText(), answer,
            Optional.ofNullable(e.get("paraphrase")).map(JsonNode::asText)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PythonFaq(List.copyOf(entries));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> answers() {
    return entries.stream().map(Entry::answer).toList();
  }
}
