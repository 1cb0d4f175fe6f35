package io.mediawhisperer.testsupport.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sources a set's documents became in one user's library, by document name. */
public final class IngestedDocuments {

  private final Map<String, EvalDocument> documents = new HashMap<>();
  private final Map<String, String> sourceIds = new HashMap<>();
  private final Map<String, LineIndex> lines = new HashMap<>();

  IngestedDocuments(List<EvalDocument> documents, List<String> sourceIds) {
    for (int i = 0; i < documents.size(); i++) {
      this.documents.put(documents.get(i).name(), documents.get(i));
      this.sourceIds.put(documents.get(i).name(), sourceIds.get(i));
    }
  }

  public String sourceId(String document) {
    String id = sourceIds.get(document);
    if (id == null) {
      throw new IllegalArgumentException("no document " + document + " was ingested");
    }
    return id;
  }

  /** The document's lines, read once, for answers given as lines. */
  LineIndex lines(String document) {
    sourceId(document);
    return lines.computeIfAbsent(document, name -> {
      try {
        return new LineIndex(Files.readAllLines(documents.get(name).file(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
