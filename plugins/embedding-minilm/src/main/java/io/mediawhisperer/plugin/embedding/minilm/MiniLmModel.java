package io.mediawhisperer.plugin.embedding.minilm;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.mediawhisperer.spi.embedding.EmbeddingException;
import io.mediawhisperer.spi.embedding.EmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;

/**
 * all-MiniLM-L6-v2 run in-process by ONNX Runtime. Texts are tokenized, sorted by length and run
 * in batches of similar lengths (so little of each batch is padding), then mean-pooled and
 * normalised, and returned in the caller's order.
 *
 * <p>Only the first 126 wordpieces of a text are seen; the rest is cut, never rejected. An empty
 * or blank text has no wordpieces and is embedded as [CLS] [SEP] alone: one fixed vector that
 * stands for "no text", rather than an error in the middle of a batch.
 *
 * <p>Thread-safe: ONNX Runtime sessions accept concurrent runs. A read-write lock keeps
 * {@link #close()} from freeing the native session under a run in progress.
 *
 * <p>The quantized variant quantizes activations per run, so a text's vector depends very
 * slightly on the other texts in its batch (cosine 0.99 or more to the text embedded alone, for
 * sentences; 0.97 for the empty text). The same list of texts always gives the same vectors.
 */
final class MiniLmModel implements EmbeddingModel {

  static final int DIMENSION = 384;

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";
  private static final String LAST_HIDDEN_STATE = "last_hidden_state";
  private static final int MAX_PADDING_RATIO = 2;

  private final MiniLmVariant variant;
  private final MiniLmTokenizer tokenizer;
  private final int batchSize;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final boolean takesTokenTypeIds;
  private final String output;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private MiniLmModel(MiniLmSettings settings, MiniLmTokenizer tokenizer, OrtEnvironment environment,
      OrtSession session) throws OrtException {
    this.variant = settings.variant();
    this.tokenizer = tokenizer;
    this.batchSize = settings.batchSize();
    this.environment = environment;
    this.session = session;
    this.takesTokenTypeIds = session.getInputNames().contains(TOKEN_TYPE_IDS);
    this.output = outputName(session);
    checkShape(session, output);
  }

  static MiniLmModel open(MiniLmSettings settings) {
    MiniLmVariant variant = settings.variant();
    MiniLmTokenizer tokenizer = MiniLmTokenizer.shared(variant);
    byte[] onnx = ModelResources.read(variant.onnxResource(), variant);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    try (OrtSession.SessionOptions options = sessionOptions(settings)) {
      session = environment.createSession(onnx, options);
      return new MiniLmModel(settings, tokenizer, environment, session);
    } catch (OrtException | RuntimeException e) {
      closeQuietly(session);
      throw new IllegalStateException("cannot load " + variant.onnxResource() + " into ONNX Runtime: "
          + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(MiniLmSettings settings) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setIntraOpNumThreads(settings.threads());
    options.setInterOpNumThreads(1);
    // Threads that wait for the next run sleep instead of spinning: the model shares the cores with
    // parsing and indexing, and a spinning thread takes the core a descheduled one needs. Measured on
    // 2 cores, 2 intra-op threads, octave.pdf's chunks in calls of 32: alone 154 texts/s spinning,
    // 157 not; beside one busy thread 72 spinning, 102 not.
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }

  private static void checkShape(OrtSession session, String output) throws OrtException {
    for (String input : List.of(INPUT_IDS, ATTENTION_MASK)) {
      if (!session.getInputNames().contains(input)) {
        throw new IllegalStateException("the ONNX model has no input '" + input + "': " + session.getInputNames());
      }
    }
    NodeInfo tokenVectors = session.getOutputInfo().get(output);
    long[] shape = ((TensorInfo) tokenVectors.getInfo()).getShape();
    if (shape.length != 3 || shape[2] != DIMENSION) {
      throw new IllegalStateException("expected token vectors [batch, tokens, " + DIMENSION + "], the model gives "
          + Arrays.toString(shape));
    }
  }

  private static String outputName(OrtSession session) {
    // The exports we ship name it; fall back to the first output for other exports.
    return session.getOutputNames().contains(LAST_HIDDEN_STATE)
        ? LAST_HIDDEN_STATE : session.getOutputNames().iterator().next();
  }

  @Override
  public String modelName() {
    return variant.modelName();
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public List<float[]> embed(List<String> texts) throws EmbeddingException {
    long[][] ids = new long[texts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokenizer.windowIds(Objects.requireNonNull(texts.get(i), "texts must not contain null"));
    }
    float[][] vectors = new float[ids.length][];
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the " + modelName() + " model is closed");
      }
      for (int[] batch : batchesBySimilarLength(ids)) {
        float[][] pooled = run(batch, ids);
        for (int i = 0; i < batch.length; i++) {
          vectors[batch[i]] = pooled[i];
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
    return Arrays.asList(vectors);
  }

  /**
   * Indexes of the texts, shortest first, cut into batches of at most batchSize whose longest
   * text is at most twice their shortest: padding costs as much compute as text, and with the
   * quantized model it also shifts the short texts' vectors a little.
   */
  private List<int[]> batchesBySimilarLength(long[][] ids) {
    int[] order = IntStream.range(0, ids.length).boxed()
        .sorted(Comparator.comparingInt(i -> ids[i].length))
        .mapToInt(Integer::intValue).toArray();
    List<int[]> batches = new ArrayList<>();
    int start = 0;
    while (start < order.length) {
      int shortest = ids[order[start]].length;
      int end = start + 1;
      while (end < order.length && end - start < batchSize
          && ids[order[end]].length <= MAX_PADDING_RATIO * shortest) {
        end++;
      }
      batches.add(Arrays.copyOfRange(order, start, end));
      start = end;
    }
    return batches;
  }

  private float[][] run(int[] batch, long[][] ids) throws EmbeddingException {
    long[][] rows = new long[batch.length][];
    for (int i = 0; i < batch.length; i++) {
      rows[i] = ids[batch[i]];
    }
    TokenBatch tokens = TokenBatch.pad(rows);
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, tensor(tokens.ids(), tokens));
      inputs.put(ATTENTION_MASK, tensor(tokens.mask(), tokens));
      if (takesTokenTypeIds) {
        inputs.put(TOKEN_TYPE_IDS, tensor(tokens.typeIds(), tokens));
      }
      // the token vectors go straight into this thread's own native buffer: getFloatBuffer() would copy
      // them to a new heap array per run (1.5 MB for 8 texts of 128 tokens: in a small heap, a humongous
      // allocation each time, which the collector pays for with concurrent cycles)
      long[] outputShape = {tokens.rows(), tokens.length(), DIMENSION};
      FloatBuffer hidden = OUTPUT.get().view(tokens.rows() * tokens.length() * DIMENSION);
      try (OnnxTensor pinned = OnnxTensor.createTensor(environment, hidden, outputShape);
          OrtSession.Result result = session.run(inputs, Set.of(), Map.of(output, pinned))) {
        return MeanPooling.pool(hidden, tokens, DIMENSION);
      }
    } catch (OrtException e) {
      throw new EmbeddingException("ONNX Runtime failed to run " + modelName() + ": " + e.getMessage(), false, e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /** A thread's native buffer for the model's output, grown to the largest batch it has run. */
  private static final class OutputBuffer {
    private FloatBuffer buffer = FloatBuffer.allocate(0);

    FloatBuffer view(int floats) {
      if (buffer.capacity() < floats) {
        buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      }
      return buffer.slice(0, floats);
    }
  }

  private static final ThreadLocal<OutputBuffer> OUTPUT = ThreadLocal.withInitial(OutputBuffer::new);

  private OnnxTensor tensor(long[] values, TokenBatch tokens) throws OrtException {
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), tokens.shape());
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(session);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeQuietly(OrtSession session) {
    if (session == null) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      // Nothing to do about a native session that fails to free; the process goes on.
    }
  }

  @Override
  public String toString() {
    return "MiniLmModel[" + modelName() + ", batch " + batchSize + "]";
  }
}
