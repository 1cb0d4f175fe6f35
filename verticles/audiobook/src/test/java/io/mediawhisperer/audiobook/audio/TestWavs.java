package io.mediawhisperer.audiobook.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.BufferedOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Mono 16-bit PCM WAV files with known content, for the tests (the shared WAV helper is not ours to use yet). */
final class TestWavs {

  private TestWavs() {
  }

  static short[] tone(int rate, double seconds, double hz, double amplitude) {
    short[] samples = new short[(int) Math.round(rate * seconds)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return samples;
  }

  static short[] noise(int rate, double seconds, double amplitude, long seed) {
    Random random = new Random(seed);
    short[] samples = new short[(int) Math.round(rate * seconds)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(amplitude * 32767 * (2 * random.nextDouble() - 1));
    }
    return samples;
  }

  /** Syllable-like bursts: a 120-220 Hz voice with harmonics, 4 per second, over faint noise. */
  static short[] speechLike(int rate, double seconds) {
    short[] samples = new short[(int) Math.round(rate * seconds)];
    Random random = new Random(1);
    double phase = 0;
    for (int i = 0; i < samples.length; i++) {
      double t = i / (double) rate;
      double pitch = 170 + 50 * Math.sin(2 * Math.PI * 0.3 * t);
      phase += 2 * Math.PI * pitch / rate;
      double envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.07 * t));
      double voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase) + 0.2 * Math.sin(5 * phase);
      samples[i] = (short) Math.round(32767 * (0.2 * envelope * voice + 0.01 * (2 * random.nextDouble() - 1)));
    }
    return samples;
  }

  static short[] silence(int rate, double seconds) {
    return new short[(int) Math.round(rate * seconds)];
  }

  static Path write(Path file, int rate, short[] samples) throws IOException {
    int dataBytes = samples.length * 2;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes()).putInt(dataBytes);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(header.array());
      ByteBuffer data = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
      for (short sample : samples) {
        if (!data.hasRemaining()) {
          out.write(data.array(), 0, data.position());
          data.clear();
        }
        data.putShort(sample);
      }
      out.write(data.array(), 0, data.position());
    }
    return file;
  }
}
