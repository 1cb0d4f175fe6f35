package io.mediawhisperer.spi.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the headers engines write, refusing what is not 16-bit PCM, and writing WAVs that read back. */
class WavFilesTest {

  @TempDir
  Path dir;

  /** A second of a 440 Hz sine at half of full scale. */
  private static short[] sine(int rate) {
    short[] samples = new short[rate];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(16384 * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    return samples;
  }

  private static byte[] pcm(short[] samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asShortBuffer().put(samples);
    return bytes.array();
  }

  /** A WAV file built chunk by chunk, as other tools write them. */
  private static final class Riff {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Riff(long riffSize) {
      ascii("RIFF").int32(riffSize).ascii("WAVE");
    }

    Riff fmt(int code, int channels, int rate, int bits) {
      return ascii("fmt ").int32(16).int16(code).int16(channels).int32(rate).int32((long) rate * channels * bits / 8)
          .int16(channels * bits / 8).int16(bits);
    }

    Riff chunk(String id, byte[] body) {
      ascii(id).int32(body.length).bytes(body);
      return body.length % 2 == 1 ? bytes(new byte[1]) : this;
    }

    Riff data(long declared, byte[] body) {
      return ascii("data").int32(declared).bytes(body);
    }

    Riff ascii(String s) {
      return bytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    Riff int32(long v) {
      return bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
    }

    Riff int16(int v) {
      return bytes(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array());
    }

    Riff bytes(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Path write(Path path) throws IOException {
      return Files.write(path, out.toByteArray());
    }
  }

  @Test
  void whatWritePcmWritesReadsBackWithItsRateLengthAndLoudness() throws Exception {
    short[] tone = sine(16_000);
    Path wav = WavFiles.writePcm(dir.resolve("tone.wav"), 16_000, tone);

    assertThat(Files.size(wav)).isEqualTo(WavFiles.HEADER_BYTES + 32_000L);
    assertThat(WavFiles.read(wav)).isEqualTo(new WavInfo(16_000, 1, 16, 44, 32_000));
    assertThat(WavFiles.resultOf(wav)).isEqualTo(new SpeechResult(16_000, 16_000));
    assertThat(WavFiles.resultOf(wav).seconds()).isEqualTo(1.0);
    assertThat(WavFiles.rms(wav)).isCloseTo(0.5 / Math.sqrt(2), within(0.001));
  }

  @Test
  void silenceHasNoLoudnessAndAnEmptyFileIsValid() throws Exception {
    Path silent = WavFiles.writePcm(dir.resolve("silent.wav"), 22_050, new short[22_050]);
    assertThat(WavFiles.rms(silent)).isZero();
    Path empty = WavFiles.writePcm(dir.resolve("empty.wav"), 22_050, new byte[0]);
    assertThat(WavFiles.resultOf(empty)).isEqualTo(new SpeechResult(22_050, 0));
    assertThat(WavFiles.rms(empty)).isZero();
  }

  @Test
  void aStreamedDataSizeMeansTheSamplesRunToTheEndOfTheFile() throws Exception {
    byte[] samples = pcm(sine(8_000));
    // espeak-ng writing to a pipe, a size of 0, all ones: the sizes were not known when the header was written
    for (long declared : new long[] {0x7FFF_F000L, 0, 0xFFFF_FFFFL}) {
      Path wav = new Riff(declared).fmt(1, 1, 8_000, 16).data(declared, samples).write(dir.resolve("streamed.wav"));
      assertThat(WavFiles.read(wav).dataLength()).as("declared %x", declared).isEqualTo(samples.length);
      assertThat(WavFiles.resultOf(wav).samples()).isEqualTo(8_000);
    }
  }

  @Test
  void aDataSizeShorterThanTheFileIsKeptAndOtherChunksAreSkipped() throws Exception {
    byte[] samples = pcm(sine(8_000));
    Path wav = new Riff(0).chunk("LIST", "INFOISFT odd!".getBytes(StandardCharsets.US_ASCII)).fmt(1, 1, 8_000, 16)
        .chunk("fact", new byte[4]).data(1_000, samples).write(dir.resolve("chunks.wav"));
    WavInfo info = WavFiles.read(wav);
    assertThat(info.dataLength()).isEqualTo(1_000);
    assertThat(info.frames()).isEqualTo(500);
    byte[] file = Files.readAllBytes(wav);
    assertThat(java.util.Arrays.copyOfRange(file, (int) info.dataOffset(), (int) info.dataOffset() + 1_000))
        .isEqualTo(java.util.Arrays.copyOf(samples, 1_000));
  }

  @Test
  void aTornLastFrameIsLeftOut() throws Exception {
    Path wav = new Riff(0).fmt(1, 2, 8_000, 16).data(0, new byte[4 * 10 + 3]).write(dir.resolve("torn.wav"));
    assertThat(WavFiles.read(wav).frames()).isEqualTo(10);
    assertThatThrownBy(() -> WavFiles.resultOf(wav)).isInstanceOf(IOException.class).hasMessageContaining("2 channels");
  }

  @Test
  void extensiblePcmIsRead() throws Exception {
    Path wav = new Riff(0).ascii("fmt ").int32(40).int16(0xFFFE).int16(1).int32(16_000).int32(32_000).int16(2).int16(16)
        .int16(22).int16(16).int32(4).int16(1).bytes(new byte[14]).data(4, new byte[4]).write(dir.resolve("ext.wav"));
    assertThat(WavFiles.read(wav)).isEqualTo(new WavInfo(16_000, 1, 16, 68, 4));
  }

  @Test
  void anythingButSixteenBitPcmIsRefusedSayingWhy() throws Exception {
    Path eight = new Riff(0).fmt(1, 1, 8_000, 8).data(4, new byte[4]).write(dir.resolve("eight.wav"));
    assertThatThrownBy(() -> WavFiles.read(eight)).isInstanceOf(IOException.class).hasMessageContaining("8-bit");
    Path floats = new Riff(0).fmt(3, 1, 8_000, 32).data(4, new byte[4]).write(dir.resolve("float.wav"));
    assertThatThrownBy(() -> WavFiles.read(floats)).hasMessageContaining("not PCM (format code 3)");
    Path mp3 = Files.write(dir.resolve("song.wav"), "ID3\u0003 not a wav at all".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> WavFiles.read(mp3)).hasMessageContaining("not a WAV file");
    Path tiny = Files.write(dir.resolve("tiny.wav"), new byte[] {'R', 'I'});
    assertThatThrownBy(() -> WavFiles.read(tiny)).isInstanceOf(IOException.class).hasMessageContaining("ends inside");
    Path noData = new Riff(0).fmt(1, 1, 8_000, 16).write(dir.resolve("nodata.wav"));
    assertThatThrownBy(() -> WavFiles.read(noData)).hasMessageContaining("no data chunk");
    Path dataFirst = new Riff(0).data(4, new byte[4]).fmt(1, 1, 8_000, 16).write(dir.resolve("datafirst.wav"));
    assertThatThrownBy(() -> WavFiles.read(dataFirst)).hasMessageContaining("before its fmt chunk");
  }

  @Test
  void aHeaderRefusesWhatAWavCannotHold() {
    assertThatThrownBy(() -> WavFiles.header(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WavFiles.header(16_000, 3)).hasMessageContaining("even number");
    assertThatThrownBy(() -> WavFiles.header(16_000, WavFiles.MAX_DATA_BYTES + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(WavFiles.header(16_000, 100)).hasSize(WavFiles.HEADER_BYTES);
  }

  @Test
  void aWriterAppendsSamplesSilenceAndOtherFilesAndWritesTheSizesOnClose() throws Exception {
    Path part = WavFiles.writePcm(dir.resolve("part.wav"), 8_000, sine(8_000));
    Path whole = dir.resolve("whole.wav");
    try (WavWriter writer = WavWriter.create(whole, 8_000)) {
      writer.write(sine(8_000));
      writer.silence(0.5);
      assertThat(writer.append(part)).isEqualTo(8_000);
      byte[] bytes = pcm(new short[] {1, 2, 3});
      writer.write(bytes, 2, 4);
      assertThat(writer.samples()).isEqualTo(8_000 + 4_000 + 8_000 + 2);
    }
    assertThat(WavFiles.read(whole)).isEqualTo(new WavInfo(8_000, 1, 16, 44, 2L * (20_000 + 2)));
    assertThat(Files.size(whole)).isEqualTo(44 + 2L * 20_002);
    double expected = Math.sqrt(16_000 * 0.125 / 20_002); // two seconds of tone at rms 0.354 among 2.5 s
    assertThat(WavFiles.rms(whole)).isCloseTo(expected, within(0.001));

    Path other = WavFiles.writePcm(dir.resolve("other.wav"), 16_000, new short[10]);
    try (WavWriter writer = WavWriter.create(dir.resolve("mixed.wav"), 8_000)) {
      assertThatThrownBy(() -> writer.append(other)).isInstanceOf(IOException.class).hasMessageContaining("16000 Hz");
      assertThatThrownBy(() -> writer.write(new byte[3], 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
