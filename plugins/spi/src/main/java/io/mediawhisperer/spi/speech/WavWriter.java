package io.mediawhisperer.spi.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a mono 16-bit PCM WAV a piece at a time, so that long audio never has to fit in memory:
 * an engine's samples as they come, other WAV files appended, silence between them. The header's
 * sizes are written on {@link #close()}. Not thread-safe: one writer per file and thread.
 */
public final class WavWriter implements AutoCloseable {

  private final Path path;
  private final int sampleRate;
  private final FileChannel out;
  private long dataBytes;
  private boolean closed;

  private WavWriter(Path path, int sampleRate, FileChannel out) {
    this.path = path;
    this.sampleRate = sampleRate;
    this.out = out;
  }

  /** Creates (or replaces) {@code path} for mono 16-bit audio at {@code sampleRate}. */
  public static WavWriter create(Path path, int sampleRate) throws IOException {
    WavFiles.header(sampleRate, 0); // checks the rate before the file is touched
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    try {
      WavFiles.writeHeader(channel, sampleRate, 0);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new WavWriter(path, sampleRate, channel);
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** Samples written so far. */
  public long samples() {
    return dataBytes / 2;
  }

  /** Appends little-endian 16-bit samples; {@code length} must be even. */
  public void write(byte[] pcm, int offset, int length) throws IOException {
    if ((length & 1) != 0) {
      throw new IllegalArgumentException("16-bit samples come in pairs of bytes, not " + length + " bytes");
    }
    append(ByteBuffer.wrap(pcm, offset, length));
  }

  public void write(short[] samples) throws IOException {
    ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    pcm.asShortBuffer().put(samples);
    append(pcm);
  }

  /** Appends {@code seconds} of silence (a pause between paragraphs, before a chapter's title). */
  public void silence(double seconds) throws IOException {
    long samples = Math.round(Math.max(0, seconds) * sampleRate);
    ByteBuffer zeros = ByteBuffer.allocate(8192);
    for (long left = samples * 2; left > 0; left -= zeros.capacity()) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), left));
      append(zeros);
    }
  }

  /**
   * Appends the samples of another WAV file, which must be mono 16-bit PCM at this writer's rate
   * (an engine's voices each have one rate; mixing rates would play at the wrong pitch).
   *
   * @return the samples appended
   */
  public long append(Path wav) throws IOException {
    WavInfo info = WavFiles.read(wav);
    if (info.channels() != 1 || info.sampleRate() != sampleRate) {
      throw new IOException(wav.getFileName() + " is " + info.channels() + " channel(s) at " + info.sampleRate()
          + " Hz; this file is mono at " + sampleRate + " Hz");
    }
    try (InputStream in = Files.newInputStream(wav)) {
      in.skipNBytes(info.dataOffset());
      byte[] buffer = new byte[64 * 1024];
      for (long left = info.dataLength(); left > 0; ) {
        int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
        if (read <= 0) {
          throw new IOException(wav.getFileName() + " ended inside its data");
        }
        append(ByteBuffer.wrap(buffer, 0, read));
        left -= read;
      }
    }
    return info.frames();
  }

  private void append(ByteBuffer pcm) throws IOException {
    if (closed) {
      throw new IllegalStateException("the WAV writer of " + path.getFileName() + " is closed");
    }
    if (dataBytes + pcm.remaining() > WavFiles.MAX_DATA_BYTES) {
      throw new IOException(path.getFileName() + " would grow past the 4 GiB a WAV file can hold");
    }
    dataBytes += pcm.remaining();
    while (pcm.hasRemaining()) {
      out.write(pcm);
    }
  }

  /** Writes the sizes into the header and closes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (out) {
      WavFiles.writeHeader(out, sampleRate, dataBytes);
    }
  }
}
