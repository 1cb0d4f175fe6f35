package io.mediawhisperer.spi.speech;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the WAV files speech engines hand the server: PCM, 16-bit, little-endian.
 *
 * <p>Reading is lenient about the sizes in the header, because engines that stream their output
 * cannot know them when they write it: espeak-ng writing to a pipe puts {@code 0x7FFFF000} in the
 * data size, other tools write 0 or {@code 0xFFFFFFFF}. A data size that is 0, all ones or larger
 * than the file means "the samples run to the end of the file"; the RIFF size is never trusted.
 * Reading is strict about the format: anything but 16-bit PCM (integer, not float, not 8-bit) is
 * refused, so a caller never mistakes other bytes for samples.
 */
public final class WavFiles {

  /** The size of the header {@link #header} writes. */
  public static final int HEADER_BYTES = 44;
  /** The largest data chunk a RIFF header can describe. */
  public static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;

  private WavFiles() {
  }

  /**
   * The format and the place of the samples in {@code wav}.
   *
   * @throws IOException when the file is not a RIFF/WAVE file, has no {@code fmt } or {@code data}
   *                     chunk, or is not 16-bit PCM (the message says which)
   */
  public static WavInfo read(Path wav) throws IOException {
    try (FileChannel in = FileChannel.open(wav, StandardOpenOption.READ)) {
      long size = in.size();
      ByteBuffer riff = readAt(in, 0, 12, wav);
      if (!tag(riff, 0).equals("RIFF") || !tag(riff, 8).equals("WAVE")) {
        throw new IOException(wav.getFileName() + " is not a WAV file (no RIFF/WAVE header)");
      }
      ByteBuffer format = null;
      long position = 12;
      while (position + 8 <= size) {
        ByteBuffer chunk = readAt(in, position, 8, wav);
        String id = tag(chunk, 0);
        long length = Integer.toUnsignedLong(chunk.getInt(4));
        long body = position + 8;
        if (id.equals("fmt ")) {
          if (length < 16 || body + 16 > size) {
            throw new IOException(wav.getFileName() + " has a fmt chunk of " + length + " bytes, too short");
          }
          format = readAt(in, body, (int) Math.min(length, 40), wav);
        } else if (id.equals("data")) {
          if (format == null) {
            throw new IOException(wav.getFileName() + " has its data chunk before its fmt chunk");
          }
          return info(wav, format, body, dataLength(length, body, size));
        }
        position = body + length + (length & 1); // chunks are padded to an even size
      }
      throw new IOException(wav.getFileName() + (format == null ? " has no fmt chunk" : " has no data chunk"));
    }
  }

  /** The length and rate of a mono WAV an engine wrote, for {@link SpeechSynthesizer#synthesize}'s answer. */
  public static SpeechResult resultOf(Path wav) throws IOException {
    WavInfo info = read(wav);
    if (info.channels() != 1) {
      throw new IOException(wav.getFileName() + " has " + info.channels() + " channels, not 1 (mono)");
    }
    return new SpeechResult(info.sampleRate(), info.frames());
  }

  /**
   * The root mean square of every sample, 0 (silence) to 1 (full scale). Speech is around 0.05 to
   * 0.3; a file of zeros is 0 and dither or hiss stays below 0.005.
   */
  public static double rms(Path wav) throws IOException {
    WavInfo info = read(wav);
    long count = info.dataLength() / 2;
    if (count == 0) {
      return 0;
    }
    double sum = 0;
    try (InputStream in = Files.newInputStream(wav)) {
      in.skipNBytes(info.dataOffset());
      byte[] buffer = new byte[64 * 1024];
      long left = count * 2;
      while (left > 0) {
        int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        if (read <= 0) {
          throw new EOFException(wav.getFileName() + " ended inside its data");
        }
        ByteBuffer samples = ByteBuffer.wrap(buffer, 0, read & ~1).order(ByteOrder.LITTLE_ENDIAN);
        while (samples.remaining() >= 2) {
          double s = samples.getShort() / 32768.0;
          sum += s * s;
        }
        left -= read;
      }
    }
    return Math.sqrt(sum / count);
  }

  /** A 44-byte header for a mono 16-bit PCM file with {@code dataBytes} of samples. */
  public static byte[] header(int sampleRate, long dataBytes) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive, not " + sampleRate);
    }
    if (dataBytes < 0 || dataBytes > MAX_DATA_BYTES || (dataBytes & 1) != 0) {
      throw new IllegalArgumentException("a 16-bit mono WAV holds an even number of bytes up to " + MAX_DATA_BYTES
          + ", not " + dataBytes);
    }
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("RIFF")).putInt((int) (dataBytes + HEADER_BYTES - 8)).put(ascii("WAVE"));
    h.put(ascii("fmt ")).putInt(16).putShort((short) FORMAT_PCM).putShort((short) 1).putInt(sampleRate)
        .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    h.put(ascii("data")).putInt((int) dataBytes);
    return h.array();
  }

  /** Writes {@link #header} at the start of {@code out}, leaving its position after the header. */
  public static void writeHeader(SeekableByteChannel out, int sampleRate, long dataBytes) throws IOException {
    ByteBuffer h = ByteBuffer.wrap(header(sampleRate, dataBytes));
    out.position(0);
    while (h.hasRemaining()) {
      out.write(h);
    }
  }

  /** Writes a mono 16-bit WAV of {@code samples} to {@code out} (replacing it) and returns {@code out}. */
  public static Path writePcm(Path out, int sampleRate, short[] samples) throws IOException {
    ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    pcm.asShortBuffer().put(samples);
    return writePcm(out, sampleRate, pcm.array());
  }

  /**
   * Writes a mono 16-bit WAV to {@code out} (replacing it) and returns {@code out}.
   *
   * @param pcm little-endian signed 16-bit samples, an even number of bytes
   */
  public static Path writePcm(Path out, int sampleRate, byte[] pcm) throws IOException {
    byte[] header = header(sampleRate, pcm.length);
    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer[] parts = {ByteBuffer.wrap(header), ByteBuffer.wrap(pcm)};
      while (parts[0].hasRemaining() || parts[1].hasRemaining()) {
        channel.write(parts);
      }
    }
    return out;
  }

  private static WavInfo info(Path wav, ByteBuffer format, long dataOffset, long dataLength) throws IOException {
    int code = Short.toUnsignedInt(format.getShort(0));
    int channels = Short.toUnsignedInt(format.getShort(2));
    int sampleRate = format.getInt(4);
    int bits = Short.toUnsignedInt(format.getShort(14));
    if (code == FORMAT_EXTENSIBLE && format.limit() >= 26) {
      code = Short.toUnsignedInt(format.getShort(24)); // the sub-format GUID starts with the format code
    }
    if (code != FORMAT_PCM) {
      throw new IOException(wav.getFileName() + " is not PCM (format code " + code + "); only 16-bit PCM is read");
    }
    if (bits != 16) {
      throw new IOException(wav.getFileName() + " has " + bits + "-bit samples; only 16-bit PCM is read");
    }
    if (channels < 1 || sampleRate <= 0) {
      throw new IOException(wav.getFileName() + " declares " + channels + " channels at " + sampleRate + " Hz");
    }
    int blockAlign = channels * 2;
    return new WavInfo(sampleRate, channels, bits, dataOffset, dataLength - dataLength % blockAlign);
  }

  /** The declared size unless it is a streaming placeholder or runs past the file: then up to the end. */
  private static long dataLength(long declared, long offset, long fileSize) {
    long available = fileSize - offset;
    if (declared == 0 || declared == UNKNOWN_SIZE || declared > available) {
      return available;
    }
    return declared;
  }

  private static ByteBuffer readAt(FileChannel in, long position, int length, Path wav) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (in.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException(wav.getFileName() + " ends inside its header");
      }
    }
    return buffer.flip();
  }

  private static String tag(ByteBuffer buffer, int at) {
    byte[] four = new byte[4];
    buffer.get(at, four);
    return new String(four, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
