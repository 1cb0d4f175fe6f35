package io.mediawhisperer.plugin.chatlog.selfhosted;

import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.testsupport.Corpus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chat fixtures: the shared corpus's {@code chat/} files and this module's own, written from
 * the services' formats (see each test class for which notes they follow).
 */
final class Fixtures {

  private Fixtures() {
  }

  static Path corpus(String name) {
    return Corpus.file("chat/" + name);
  }

  static Path own(String name) {
    return Path.of("src/test/resources", name).toAbsolutePath();
  }

  /**
   * Every chat export fixture there is, the corpus's and ours, but {@code mine}: what a reader
   * must rank below its own. The corpus folder is listed, so a fixture added there later is checked
   * too.
   */
  static List<Path> allExcept(Collection<Path> mine) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(Corpus.root().resolve("chat"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(all::add);
    }
    if (all.size() < 10) {
      throw new IllegalStateException("the corpus's chat/ folder holds " + all.size() + " exports, fewer than the 10 it had");
    }
    try (Stream<Path> files = Files.list(Path.of("src/test/resources"))) {
      files.filter(f -> f.getFileName().toString().endsWith(".json")).map(Path::toAbsolutePath).sorted().forEach(all::add);
    }
    List<Path> normalizedMine = mine.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    return all.stream().filter(p -> !normalizedMine.contains(p.toAbsolutePath().normalize())).toList();
  }

  /** Counts what a read hands over, and how much of the input was consumed when the first conversation came. */
  static final class StreamingSink implements ChatLogSink {
    final List<String> ids = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    long bytesAtFirst = -1;
    private final Counting input;

    StreamingSink(Counting input) {
      this.input = input;
    }

    @Override
    public void conversation(ChatConversation conversation) {
      if (ids.isEmpty()) {
        bytesAtFirst = input.count;
      }
      ids.add(conversation.externalId());
    }

    @Override
    public void skipped(String warning) {
      skipped.add(warning);
    }
  }

  /** An input stream that counts the bytes read from it. */
  static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count += Math.max(n, 0);
      return n;
    }
  }
}
