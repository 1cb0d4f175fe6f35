package io.mediawhisperer.spi.chatlog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Finds the reader for an export and opens its JSON document, whether the file is the document
 * itself or the zip a service sends (ChatGPT's and Claude's hold {@code conversations.json} beside
 * other files, which are never read). Only the chosen entry is decompressed, and no more than
 * {@code maxBytes} of it, so a zip bomb or a huge unrelated entry costs nothing.
 */
public final class ChatExports {

  /** The reader chosen for a file, and the zip entry it reads (null when the file is the document). */
  public record Choice(ChatExportReader reader, String entry, int confidence) {
  }

  private ChatExports() {
  }

  /** True when {@code head} starts like a zip archive. */
  public static boolean isZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /** The most confident reader of {@code file} (confidence above 0), or empty when none reads it. */
  public static Optional<Choice> choose(Path file, List<ChatExportReader> readers) throws IOException {
    byte[] head = head(Files.newInputStream(file));
    if (!isZip(head)) {
      return best(readers, head, null);
    }
    Choice chosen = null;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.isDirectory()) {
          continue;
        }
        List<ChatExportReader> wanting = readers.stream().filter(r -> r.readsEntry(entry.getName())).toList();
        if (wanting.isEmpty()) {
          continue;
        }
        Optional<Choice> here = best(wanting, head(zip.getInputStream(entry)), entry.getName());
        if (here.isPresent() && (chosen == null || here.get().confidence() > chosen.confidence())) {
          chosen = here.get();
        }
      }
    } catch (ZipException e) {
      return Optional.empty(); // a damaged zip is no export this server reads
    }
    return Optional.ofNullable(chosen);
  }

  /**
   * The JSON document of {@code choice}: the file itself, or its zip entry, which fails with an
   * IOException past {@code maxBytes} decompressed. Close it to close the zip.
   */
  public static InputStream open(Path file, Choice choice, long maxBytes) throws IOException {
    if (choice.entry() == null) {
      return Files.newInputStream(file);
    }
    ZipFile zip = new ZipFile(file.toFile());
    ZipEntry entry = zip.getEntry(choice.entry());
    if (entry == null) {
      zip.close();
      throw new IOException("the zip no longer holds " + choice.entry());
    }
    return new Bounded(zip.getInputStream(entry), maxBytes) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          zip.close();
        }
      }
    };
  }

  /** The size of {@code choice}'s document in bytes (a zip entry's uncompressed size; -1 when the zip does not say). */
  public static long documentSize(Path file, Choice choice) throws IOException {
    if (choice.entry() == null) {
      return Files.size(file);
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry(choice.entry());
      return entry == null ? -1 : entry.getSize();
    }
  }

  private static Optional<Choice> best(List<ChatExportReader> readers, byte[] head, String entry) {
    Choice best = null;
    for (ChatExportReader reader : readers) {
      int confidence = reader.confidence(head);
      if (confidence > 0 && (best == null || confidence > best.confidence())) {
        best = new Choice(reader, entry, confidence);
      }
    }
    return Optional.ofNullable(best);
  }

  private static byte[] head(InputStream in) throws IOException {
    try (in) {
      return in.readNBytes(ChatExportReader.HEAD_BYTES);
    }
  }

  /** Fails once more than {@code max} bytes were read. */
  private static class Bounded extends FilterInputStream {
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > max) {
        throw new IOException("the export's document is larger than " + max + " bytes uncompressed");
      }
    }
  }
}
