package io.mediawhisperer.ingestion;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.spi.blob.BlobContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A source's files, kept in the node's blob store under {@link BlobLayout}'s keys (names made by
 * the server; a client's file name never reaches a key), so that whichever node ingests or serves
 * a source finds them. Parsers read local files: {@link #withOriginal} hands them the stored
 * original itself when the blob store keeps it in a local file (the {@code local} store), and
 * otherwise (a store in the database) a copy in {@code scratch} ({@code <data-dir>/uploads}, which
 * the uploads sweep clears of leftovers) for the length of one parse.
 */
record SourceFiles(Blobs blobs, Path scratch) {

  String original(UUID userId, UUID sourceId) {
    return BlobLayout.original(userId, sourceId);
  }

  String image(UUID userId, UUID sourceId, int seq, String format) {
    return BlobLayout.image(userId, sourceId, seq, format);
  }

  String prefix(UUID userId, UUID sourceId) {
    return BlobLayout.sourcePrefix(userId, sourceId);
  }

  interface FileWork<T> {
    T apply(Path file) throws Exception;
  }

  /** Blocking (a worker thread): runs {@code work} on the source's original, in place or on a local copy. */
  <T> T withOriginal(UUID userId, UUID sourceId, FileWork<T> work) throws Exception {
    return withBlob(original(userId, sourceId), work);
  }

  /** Blocking (a worker thread): runs {@code work} on the blob {@code key}, in place when the store keeps files, else on a local copy. */
  <T> T withBlob(String key, FileWork<T> work) throws Exception {
    Optional<Path> stored = blobs.store().localPath(key);
    if (stored.isPresent()) {
      return work.apply(stored.get());
    }
    Path copy = scratch.resolve("ingest-" + UUID.randomUUID() + ".tmp");
    try (var content = open(key)) {
      Files.createDirectories(scratch);
      Files.copy(content.stream(), copy);
      return work.apply(copy);
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Deletes a blob; a failure only leaves it to the blob sweep. */
  io.vertx.core.Future<Void> delete(String key) {
    return blobs.delete(key).<Void>mapEmpty().otherwiseEmpty();
  }

  /** A job whose original is gone fails with a sentence, not an internal error. */
  private BlobContent open(String key) throws IOException {
    try {
      return blobs.store().open(key);
    } catch (NoSuchFileException e) {
      throw new Failure(404, Failure.NOT_FOUND, "the uploaded file is missing from the blob store; upload it again").asException();
    }
  }

  /** Blocking (a worker thread). */
  void putImage(UUID userId, UUID sourceId, int seq, String format, byte[] data) throws IOException {
    blobs.store().put(image(userId, sourceId, seq, format), new ByteArrayInputStream(data));
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
