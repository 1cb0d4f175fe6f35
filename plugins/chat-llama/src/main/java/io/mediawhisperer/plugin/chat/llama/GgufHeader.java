package io.mediawhisperer.plugin.chat.llama;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the plugin needs from a GGUF file's header, read in Java before llama.cpp sees the file:
 * a file that is not a GGUF model (a half-finished download, an HTML error page saved under a
 * .gguf name) then fails with a message naming the file instead of deep in native code, and the
 * plugin learns whether the model carries its own chat template.
 *
 * <p>Layout (llama.cpp docs/gguf.md, little-endian): magic {@code GGUF}, uint32 version (2 or 3),
 * uint64 tensor count, uint64 key/value count, then the key/values: a string key (uint64 length,
 * UTF-8 bytes), a uint32 value type, the value. Only the key/values are read; tensors are left to
 * llama.cpp, which checks them against the file's size.
 *
 * @param architecture {@code general.architecture}, e.g. {@code llama} or {@code qwen2}
 * @param name {@code general.name}, when the file has one
 * @param chatTemplate {@code tokenizer.chat_template}, when the file has one
 * @param trainedContext {@code <architecture>.context_length}, or 0 when absent
 */
record GgufHeader(String architecture, Optional<String> name, Optional<String> chatTemplate, long trainedContext) {

  private static final int MAGIC = 0x46554747; // "GGUF" read little-endian
  /** Far beyond any real model; a count above it means the bytes are not a header. */
  private static final long MAX_COUNT = 1L << 24;

  private static final int UINT8 = 0;
  private static final int INT8 = 1;
  private static final int UINT16 = 2;
  private static final int INT16 = 3;
  private static final int UINT32 = 4;
  private static final int INT32 = 5;
  private static final int FLOAT32 = 6;
  private static final int BOOL = 7;
  private static final int STRING = 8;
  private static final int ARRAY = 9;
  private static final int UINT64 = 10;
  private static final int INT64 = 11;
  private static final int FLOAT64 = 12;

  /** Reads {@code file}'s header; fails with {@link IllegalArgumentException} saying what is wrong with which file. */
  static GgufHeader read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("the GGUF model file " + file.toAbsolutePath() + " does not exist"
          + (Files.isDirectory(file) ? " (it is a directory)" : ""));
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("the GGUF model file " + file.toAbsolutePath() + " is not readable");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(new Reader(new DataInputStream(new BufferedInputStream(in, 1 << 16)), Files.size(file)));
    } catch (EOFException e) {
      throw new IllegalArgumentException(file.toAbsolutePath() + " is not a GGUF model: it ends inside its header"
          + " (an unfinished download?)", e);
    } catch (NotGguf e) {
      throw new IllegalArgumentException(file.toAbsolutePath() + " is not a GGUF model: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("the GGUF model file " + file.toAbsolutePath() + " cannot be read: " + e, e);
    }
  }

  private static GgufHeader parse(Reader in) throws IOException {
    if (in.u32() != MAGIC) {
      throw new NotGguf("it does not start with the bytes GGUF");
    }
    int version = in.u32();
    if (version != 2 && version != 3) {
      throw new NotGguf("GGUF version " + Integer.toUnsignedString(version) + " is not supported (2 and 3 are)");
    }
    in.count("tensor count");
    long pairs = in.count("key/value count");
    String architecture = null;
    String name = null;
    String template = null;
    java.util.Map<String, Long> contexts = new java.util.HashMap<>();
    for (long i = 0; i < pairs; i++) {
      String key = in.string();
      int type = in.u32();
      switch (key) {
        case "general.architecture" -> architecture = stringValue(in, key, type);
        case "general.name" -> name = stringValue(in, key, type);
        case "tokenizer.chat_template" -> template = stringValue(in, key, type);
        default -> {
          if (key.endsWith(".context_length") && (type == UINT32 || type == UINT64)) {
            contexts.put(key, type == UINT32 ? Integer.toUnsignedLong(in.u32()) : in.u64());
          } else {
            in.skip(type);
          }
        }
      }
    }
    if (architecture == null) {
      throw new NotGguf("it has no general.architecture");
    }
    return new GgufHeader(architecture, Optional.ofNullable(name).filter(n -> !n.isBlank()),
        Optional.ofNullable(template).filter(t -> !t.isBlank()), contexts.getOrDefault(architecture + ".context_length", 0L));
  }

  private static String stringValue(Reader in, String key, int type) throws IOException {
    if (type != STRING) {
      throw new NotGguf(key + " is not a string");
    }
    return in.string();
  }

  /** The bytes are not (or not only) a GGUF header. */
  private static final class NotGguf extends IOException {
    NotGguf(String message) {
      super(message);
    }
  }

  /** Little-endian reads with sanity limits, so that garbage fails fast instead of allocating gigabytes. */
  private record Reader(DataInputStream in, long fileSize) {

    int u32() throws IOException {
      return Integer.reverseBytes(in.readInt());
    }

    long u64() throws IOException {
      return Long.reverseBytes(in.readLong());
    }

    long count(String what) throws IOException {
      long n = u64();
      if (n < 0 || n > MAX_COUNT) {
        throw new NotGguf("its " + what + " " + Long.toUnsignedString(n) + " is impossible");
      }
      return n;
    }

    String string() throws IOException {
      long length = u64();
      if (length < 0 || length > fileSize || length > Integer.MAX_VALUE - 8) {
        throw new NotGguf("a string of " + Long.toUnsignedString(length) + " bytes is longer than the file");
      }
      return new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
    }

    void skip(int type) throws IOException {
      switch (type) {
        case UINT8, INT8, BOOL -> skipBytes(1);
        case UINT16, INT16 -> skipBytes(2);
        case UINT32, INT32, FLOAT32 -> skipBytes(4);
        case UINT64, INT64, FLOAT64 -> skipBytes(8);
        case STRING -> skipBytes(checkedLength(u64()));
        case ARRAY -> {
          int elementType = u32();
          long n = count("array length");
          if (elementType == ARRAY) {
            throw new NotGguf("it has an array of arrays");
          }
          int width = width(elementType);
          if (width > 0) {
            skipBytes(n * width);
          } else {
            for (long i = 0; i < n; i++) {
              skip(elementType);
            }
          }
        }
        default -> throw new NotGguf("it has a value of unknown type " + Integer.toUnsignedString(type));
      }
    }

    private long checkedLength(long length) throws IOException {
      if (length < 0 || length > fileSize) {
        throw new NotGguf("a string of " + Long.toUnsignedString(length) + " bytes is longer than the file");
      }
      return length;
    }

    private void skipBytes(long n) throws IOException {
      if (n > fileSize) {
        throw new NotGguf("a value of " + n + " bytes is longer than the file");
      }
      long left = n;
      while (left > 0) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new EOFException();
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    private static int width(int type) {
      return switch (type) {
        case UINT8, INT8, BOOL -> 1;
        case UINT16, INT16 -> 2;
        case UINT32, INT32, FLOAT32 -> 4;
        case UINT64, INT64, FLOAT64 -> 8;
        default -> 0;
      };
    }
  }
}
