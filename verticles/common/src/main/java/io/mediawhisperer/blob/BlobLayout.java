package io.mediawhisperer.blob;

import java.util.Optional;
import java.util.UUID;

/**
 * Where the server keeps its blobs, by key (every key is made here, from server-made ids; a
 * client's file name never reaches one):
 * <ul>
 *   <li>{@code uploads/<id>}: an upload the http verticle received, until ingestion takes it over
 *       (renames it to the source's original, or deletes it);</li>
 *   <li>{@code sources/<user>/<source>/original}: the bytes a source was made from;</li>
 *   <li>{@code sources/<user>/<source>/image-<n>.<format>}: images extracted from it;</li>
 *   <li>{@code imports/<user>/<job>}: a chat export its import job reads, until the job ends;</li>
 *   <li>{@code audiobooks/<user>/<book>/chapter-<n>-<attempt>.<ext>} and {@code .../book.<ext>}: an
 *       audiobook's chapters and the whole book; deleting the book deletes the prefix.</li>
 * </ul>
 * Deleting a source deletes the prefix {@code sources/<user>/<source>/}.
 */
public final class BlobLayout {

  public static final String UPLOADS = "uploads/";
  public static final String SOURCES = "sources/";
  public static final String IMPORTS = "imports/";
  public static final String AUDIOBOOKS = "audiobooks/";
  /** A person's exports: {@code exports/<user>/<job>.zip}. */
  public static final String EXPORTS = "exports/";

  private BlobLayout() {
  }

  public static String newUpload() {
    return UPLOADS + UUID.randomUUID();
  }

  public static boolean isUpload(String key) {
    return key != null && key.startsWith(UPLOADS) && key.indexOf('/', UPLOADS.length()) < 0 && key.length() > UPLOADS.length();
  }

  public static String sourcePrefix(UUID userId, UUID sourceId) {
    return SOURCES + userId + "/" + sourceId + "/";
  }

  public static String original(UUID userId, UUID sourceId) {
    return sourcePrefix(userId, sourceId) + "original";
  }

  public static String image(UUID userId, UUID sourceId, int seq, String format) {
    return sourcePrefix(userId, sourceId) + "image-" + seq + "." + format.replaceAll("[^A-Za-z0-9]", "");
  }

  /** Every blob of a user under one of the per-user areas ({@link #SOURCES}, {@link #AUDIOBOOKS}, {@link #IMPORTS}). */
  public static String userPrefix(String area, UUID userId) {
    return area + userId + "/";
  }

  public static String audiobookPrefix(UUID userId, UUID bookId) {
    return AUDIOBOOKS + userId + "/" + bookId + "/";
  }

  /** A chapter's file, one per attempt: a node that lost the chapter to another never overwrites the winner's. */
  public static String audiobookChapter(UUID userId, UUID bookId, int number, int attempt, String extension) {
    return audiobookPrefix(userId, bookId) + String.format("chapter-%04d-%d.%s", number, attempt, extension.replaceAll("[^A-Za-z0-9]", ""));
  }

  public static String audiobook(UUID userId, UUID bookId, String extension) {
    return audiobookPrefix(userId, bookId) + "book." + extension.replaceAll("[^A-Za-z0-9]", "");
  }

  public static String chatImport(UUID userId, UUID jobId) {
    return IMPORTS + userId + "/" + jobId;
  }

  /** The job an {@code imports/<user>/<job>} key belongs to; empty for any other key. */
  public static Optional<UUID> importJobOf(String key) {
    if (key == null || !key.startsWith(IMPORTS)) {
      return Optional.empty();
    }
    String[] parts = key.substring(IMPORTS.length()).split("/");
    try {
      return parts.length == 2 ? Optional.of(UUID.fromString(parts[1])) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The user and source a {@code sources/...} key belongs to; empty for any other key. */
  public static Optional<SourceRef> sourceOf(String key) {
    if (key == null || !key.startsWith(SOURCES)) {
      return Optional.empty();
    }
    String[] parts = key.substring(SOURCES.length()).split("/", 3);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SourceRef(UUID.fromString(parts[0]), UUID.fromString(parts[1])));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public record SourceRef(UUID userId, UUID sourceId) {
    public String prefix() {
      return sourcePrefix(userId, sourceId);
    }
  }
}
