package io.mediawhisperer.plugin.chat.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny GGUF v3 model of architecture {@code llama} with random F32 weights, so that the
 * plugin is tested against the real llama.cpp without shipping or downloading a model. It loads,
 * tokenizes and writes (random) text like any model; only its words make no sense.
 *
 * <p>Format (llama.cpp docs/gguf.md): magic {@code GGUF}, version 3, tensor count, key/value
 * count, the key/values, the tensor infos (name, dimensions innermost first, type, offset into the
 * data), padding to the alignment (32), then each tensor's data, each padded to the alignment.
 * Everything little-endian.
 *
 * <p>The vocabulary is SentencePiece-style ({@code tokenizer.ggml.model = llama}): {@code <unk>},
 * {@code <s>}, {@code </s>}, the 256 byte tokens {@code <0x00>}..{@code <0xFF>} (so any text can be
 * tokenized, and a newline exists), then common English words and letters, each with a leading
 * {@code ▁} (a space) and alone, and {@code [1]}..{@code [9]}-style pieces.
 */
public final class TinyGguf {

  static final int TRAIN_CONTEXT = 2048;

  /** The model's size: {@link #TINY} loads in a blink; {@link #SMALL} writes slowly enough to be caught mid-answer. */
  record Shape(int embedding, int layers, int heads, int feedForward) {
  }

  static final Shape TINY = new Shape(64, 2, 4, 128);
  static final Shape SMALL = new Shape(256, 4, 8, 1024);

  private static final int ALIGNMENT = 32;
  private static final int TYPE_UINT32 = 4;
  private static final int TYPE_INT32 = 5;
  private static final int TYPE_FLOAT32 = 6;
  private static final int TYPE_BOOL = 7;
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int TENSOR_F32 = 0;

  private static final int TOKEN_NORMAL = 1;
  private static final int TOKEN_UNKNOWN = 2;
  private static final int TOKEN_CONTROL = 3;
  private static final int TOKEN_BYTE = 6;

  private static final String[] WORDS = ("the of and to in is that it for as with was on by this be are from at "
      + "an or which trace code loop type compiler native python indentation grouping answer passage source "
      + "system program language fast hot record tree value guard speed").split(" ");

  private TinyGguf() {
  }

  /** Writes the model to {@code file}; the same {@code seed} gives the same bytes. (Public: the launcher's tests run a node on it.) */
  public static Path write(Path file, long seed) throws IOException {
    return write(file, seed, null, TINY);
  }

  /** As {@link #write(Path, long)}, of the given shape, with {@code tokenizer.chat_template} set when {@code chatTemplate} is not null. */
  static Path write(Path file, long seed, String chatTemplate, Shape shape) throws IOException {
    final int embedding = shape.embedding();
    final int layers = shape.layers();
    final int heads = shape.heads();
    final int feedForward = shape.feedForward();
    List<String> tokens = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    add(tokens, scores, types, "<unk>", 0, TOKEN_UNKNOWN);
    add(tokens, scores, types, "<s>", 0, TOKEN_CONTROL);
    add(tokens, scores, types, "</s>", 0, TOKEN_CONTROL);
    for (int b = 0; b < 256; b++) {
      add(tokens, scores, types, String.format("<0x%02X>", b), 0, TOKEN_BYTE);
    }
    add(tokens, scores, types, "\u2581", -1, TOKEN_NORMAL);
    for (char c = 'a'; c <= 'z'; c++) {
      add(tokens, scores, types, String.valueOf(c), -2, TOKEN_NORMAL);
      add(tokens, scores, types, "\u2581" + c, -2, TOKEN_NORMAL);
    }
    for (String word : WORDS) {
      add(tokens, scores, types, "\u2581" + word, -1, TOKEN_NORMAL);
    }
    for (String piece : new String[] {"[", "]", ".", ",", "\u2581[", "1", "2", "3", "4"}) {
      add(tokens, scores, types, piece, -3, TOKEN_NORMAL);
    }
    int vocab = tokens.size();

    Map<String, Object> kv = new LinkedHashMap<>();
    kv.put("general.architecture", "llama");
    kv.put("general.name", "tiny-random");
    kv.put("general.alignment", new U32(ALIGNMENT));
    kv.put("llama.context_length", new U32(TRAIN_CONTEXT));
    kv.put("llama.embedding_length", new U32(embedding));
    kv.put("llama.block_count", new U32(layers));
    kv.put("llama.feed_forward_length", new U32(feedForward));
    kv.put("llama.attention.head_count", new U32(heads));
    kv.put("llama.attention.head_count_kv", new U32(heads));
    kv.put("llama.rope.dimension_count", new U32(embedding / heads));
    kv.put("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    kv.put("llama.vocab_size", new U32(vocab));
    kv.put("tokenizer.ggml.model", "llama");
    kv.put("tokenizer.ggml.tokens", new StringArray(tokens));
    kv.put("tokenizer.ggml.scores", new FloatArray(scores));
    kv.put("tokenizer.ggml.token_type", new IntArray(types));
    kv.put("tokenizer.ggml.bos_token_id", new U32(1));
    kv.put("tokenizer.ggml.eos_token_id", new U32(2));
    kv.put("tokenizer.ggml.unknown_token_id", new U32(0));
    kv.put("tokenizer.ggml.add_bos_token", Boolean.TRUE);
    kv.put("tokenizer.ggml.add_eos_token", Boolean.FALSE);
    if (chatTemplate != null) {
      kv.put("tokenizer.chat_template", chatTemplate);
    }

    Map<String, long[]> tensors = new LinkedHashMap<>();
    tensors.put("token_embd.weight", new long[] {embedding, vocab});
    tensors.put("output_norm.weight", new long[] {embedding});
    tensors.put("output.weight", new long[] {embedding, vocab});
    for (int layer = 0; layer < layers; layer++) {
      String p = "blk." + layer + ".";
      tensors.put(p + "attn_norm.weight", new long[] {embedding});
      tensors.put(p + "attn_q.weight", new long[] {embedding, embedding});
      tensors.put(p + "attn_k.weight", new long[] {embedding, embedding});
      tensors.put(p + "attn_v.weight", new long[] {embedding, embedding});
      tensors.put(p + "attn_output.weight", new long[] {embedding, embedding});
      tensors.put(p + "ffn_norm.weight", new long[] {embedding});
      tensors.put(p + "ffn_gate.weight", new long[] {embedding, feedForward});
      tensors.put(p + "ffn_up.weight", new long[] {embedding, feedForward});
      tensors.put(p + "ffn_down.weight", new long[] {feedForward, embedding});
    }

    Out out = new Out();
    out.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    out.u32(3);
    out.u64(tensors.size());
    out.u64(kv.size());
    kv.forEach((key, value) -> {
      out.string(key);
      out.value(value);
    });
    long offset = 0;
    for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
      out.string(tensor.getKey());
      out.u32(tensor.getValue().length);
      for (long dim : tensor.getValue()) {
        out.u64(dim);
      }
      out.u32(TENSOR_F32);
      out.u64(offset);
      offset = align(offset + 4 * elements(tensor.getValue()));
    }
    out.pad();
    Random random = new Random(seed);
    for (Map.Entry<String, long[]> tensor : tensors.entrySet()) {
      long n = elements(tensor.getValue());
      boolean norm = tensor.getKey().endsWith("norm.weight");
      // norms at 1 as a trained model has them; weights small and centred, scaled like an initialisation
      float scale = (float) (1.0 / Math.sqrt(tensor.getValue()[0]));
      ByteBuffer data = ByteBuffer.allocate((int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < n; i++) {
        data.putFloat(norm ? 1f : (float) (random.nextGaussian() * scale * 2));
      }
      out.bytes(data.array());
      out.pad();
    }
    Files.write(file, out.toByteArray());
    return file;
  }

  private static void add(List<String> tokens, List<Float> scores, List<Integer> types, String token, float score,
      int type) {
    tokens.add(token);
    scores.add(score);
    types.add(type);
  }

  private static long elements(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private record U32(int value) {
  }

  private record StringArray(List<String> values) {
  }

  private record FloatArray(List<Float> values) {
  }

  private record IntArray(List<Integer> values) {
  }

  /** A little-endian byte sink that knows GGUF's strings, values and padding. */
  private static final class Out {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void bytes(byte[] b) {
      bytes.writeBytes(b);
    }

    void u32(int v) {
      bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    void u64(long v) {
      bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    void f32(float v) {
      bytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      bytes(b);
    }

    void value(Object value) {
      switch (value) {
        case String s -> {
          u32(TYPE_STRING);
          string(s);
        }
        case U32 u -> {
          u32(TYPE_UINT32);
          u32(u.value());
        }
        case Float f -> {
          u32(TYPE_FLOAT32);
          f32(f);
        }
        case Boolean b -> {
          u32(TYPE_BOOL);
          bytes.write(b ? 1 : 0);
        }
        case StringArray a -> {
          u32(TYPE_ARRAY);
          u32(TYPE_STRING);
          u64(a.values().size());
          a.values().forEach(this::string);
        }
        case FloatArray a -> {
          u32(TYPE_ARRAY);
          u32(TYPE_FLOAT32);
          u64(a.values().size());
          a.values().forEach(this::f32);
        }
        case IntArray a -> {
          u32(TYPE_ARRAY);
          u32(TYPE_INT32);
          u64(a.values().size());
          a.values().forEach(this::u32);
        }
        default -> throw new IllegalArgumentException("no GGUF type for " + value);
      }
    }

    void pad() {
      while (bytes.size() % ALIGNMENT != 0) {
        bytes.write(0);
      }
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

  }
}
