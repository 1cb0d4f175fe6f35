package io.mediawhisperer.plugin.parser.pdf;

import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/** Title and facts from the document information dictionary, as JSON-friendly values. */
final class PdfMetadata {

  private final String title;
  private final Map<String, Object> facts = new LinkedHashMap<>();

  private PdfMetadata(String title) {
    this.title = title;
  }

  static PdfMetadata of(PDDocument document) {
    PDDocumentInformation info = document.getDocumentInformation();
    PdfMetadata metadata = new PdfMetadata(clean(info.getTitle()));
    metadata.putText("author", info.getAuthor());
    metadata.putText("subject", info.getSubject());
    metadata.putText("keywords", info.getKeywords());
    metadata.putText("creator", info.getCreator());
    metadata.putText("producer", info.getProducer());
    Calendar created = creationDate(info);
    if (created != null) {
      metadata.facts.put("creationDate", created.toInstant().toString());
    }
    if (document.isEncrypted()) {
      // opened without a password: only an owner password (permissions) was set
      metadata.facts.put("encrypted", true);
    }
    return metadata;
  }

  String title() {
    return title;
  }

  /** A mutable copy, for the parser to add its own facts to. */
  Map<String, Object> facts() {
    return new LinkedHashMap<>(facts);
  }

  private void putText(String key, String value) {
    String cleaned = clean(value);
    if (cleaned != null) {
      facts.put(key, cleaned);
    }
  }

  private static Calendar creationDate(PDDocumentInformation info) {
    try {
      return info.getCreationDate();
    } catch (RuntimeException malformedDate) {
      return null;
    }
  }

  /** Trimmed, without control characters (PostgreSQL text refuses NUL); null when nothing is left. */
  private static String clean(String value) {
    if (value == null) {
      return null;
    }
    String cleaned = value.replaceAll("[\\x00-\\x1F\\x7F]+", " ").strip();
    return cleaned.isEmpty() ? null : cleaned;
  }
}
