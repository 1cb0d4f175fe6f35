package io.mediawhisperer.ingestion;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where a source's files live: {@code <data-dir>/files/<user>/<source>/}, names made by the
 * server (a client's file name never reaches a path).
 */
record SourceFiles(Path root) {

  static SourceFiles under(Path dataDir) {
    return new SourceFiles(dataDir.resolve("files"));
  }

  Path directory(UUID userId, UUID sourceId) {
    return root.resolve(userId.toString()).resolve(sourceId.toString());
  }

  Path original(UUID userId, UUID sourceId) {
    return directory(userId, sourceId).resolve("original");
  }

  Path image(UUID userId, UUID sourceId, int seq, String format) {
    return directory(userId, sourceId).resolve("image-" + seq + "." + format);
  }

  /** The media type of an original upload, by the parser that recognised it. */
  static String contentType(String parser) {
    return switch (parser) {
      case "pdf" -> "application/pdf";
      case "webvtt" -> "text/vtt";
      case "srt" -> "application/x-subrip";
      case "transcript-json" -> "application/json";
      case "text" -> "text/plain";
      default -> "application/octet-stream";
    };
  }

  static String imageContentType(String format) {
    return "jpeg".equals(format) || "jpg".equals(format) ? "image/jpeg" : "image/" + format;
  }
}
