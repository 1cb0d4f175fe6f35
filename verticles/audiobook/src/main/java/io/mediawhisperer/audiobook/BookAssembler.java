package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.audio.AudioEncoder;
import io.mediawhisperer.audiobook.audio.AudioFormat;
import io.mediawhisperer.audiobook.audio.BookTags;
import io.mediawhisperer.audiobook.audio.ChapterMark;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Joins a book's finished chapters into one file with a chapter track, and stores it. Blocking. */
final class BookAssembler {

  private final AudioEncoder encoder;
  private final BlobStore store;
  private final Duration timeout;

  BookAssembler(AudioEncoder encoder, BlobStore store, Duration timeout) {
    this.encoder = encoder;
    this.store = store;
    this.timeout = timeout;
  }

  record Part(int number, String title, long durationMs, String key) {
  }

  record Request(String title, AudioFormat format, List<Part> parts, String key) {
  }

  ChapterReader.Audio assemble(Request request, BooleanSupplier cancelled) throws Exception {
    Path dir = Files.createTempDirectory("mw-book-");
    try {
      List<Path> files = new ArrayList<>();
      for (Part part : request.parts()) {
        files.add(local(part, dir));
      }
      List<ChapterMark> marks = ChapterMark.consecutive(request.parts().stream().map(Part::title).toList(),
          request.parts().stream().map(Part::durationMs).toList());
      Path out = dir.resolve("book." + request.format().extension());
      long durationMs = encoder.assemble(files, marks, new BookTags(request.title(), "MediaWhisperer", request.title()),
          request.format(), out, timeout, cancelled).durationMs();
      long bytes = store.moveIn(request.key(), out);
      return new ChapterReader.Audio(durationMs, bytes);
    } finally {
      ChapterReader.deleteTree(dir);
    }
  }

  /** The chapter's file where the store keeps it locally, else a copy in {@code dir}. */
  private Path local(Part part, Path dir) throws Exception {
    Optional<Path> local = store.localPath(part.key());
    if (local.isPresent()) {
      return local.get();
    }
    Path copy = dir.resolve(String.format("chapter-%04d", part.number()) + part.key().substring(part.key().lastIndexOf('.')));
    try (BlobContent content = store.open(part.key()); InputStream in = content.stream()) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }
}
