package io.mediawhisperer.plugin.chat.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import io.mediawhisperer.spi.chat.ChatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One loaded GGUF model and the single thread that talks to it. llama.cpp's context is not made
 * for several callers at once, and on a CPU two answers at once are no faster than one after the
 * other, so every native call (tokenizing, templating, generating, freeing) runs on that thread,
 * one request at a time, in the order asked.
 *
 * <p>The caller does not block in native code: it waits on a queue of pieces the worker hands
 * over, so a timeout or an interrupted caller returns at once with a {@link ChatException}, and
 * the worker stops the generation at its next token (java-llama.cpp can only cancel between
 * tokens: a caller blocked inside {@code receiveCompletion} while another thread cancels would
 * wait forever). Reading the prompt (prefill) cannot be stopped midway; the context budget keeps
 * it bounded.
 */
final class LlamaEngine implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LlamaEngine.class.getName());

  /** Fixed, so that the same question over the same passages gets the same answer. */
  static final int SEED = 42;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  static {
    // llama.cpp logs every request to stdout by default; route it to the node's log instead.
    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> LOG.log(level(level), message.strip()));
  }

  private final LlamaSettings settings;
  private final LlamaModel model;
  private final Prompts prompts;
  private final ExecutorService worker;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LlamaEngine(LlamaSettings settings, LlamaModel model, boolean ownTemplate) {
    this.settings = settings;
    this.model = model;
    this.prompts = new Prompts(ownTemplate ? new ModelTemplate(model) : new PromptFormat.Plain(), new ModelTokens(model));
    this.worker = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "llama-" + settings.modelPath().getFileName());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Loads the model; fails with {@link IllegalArgumentException} naming the file when it cannot be. */
  static LlamaEngine load(LlamaSettings settings, GgufHeader header) {
    ModelParameters parameters = new ModelParameters()
        .setModel(settings.modelPath().toAbsolutePath().toString())
        .setCtxSize(settings.contextSize())
        .setThreads(settings.threads())
        .setThreadsBatch(settings.threads())
        .setParallel(1)
        // an overflow must fail, not silently forget the start of the prompt; the budget prevents it
        .disableContextShift()
        // llama.cpp's own request log goes to stdout; what matters reaches the logger set above
        .disableLog();
    LlamaModel model;
    try {
      model = new LlamaModel(parameters);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new IllegalStateException("llama.cpp's native library does not load on this machine ("
          + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // llama.cpp says only "could not load model": name what usually causes it
      throw new IllegalArgumentException("llama.cpp could not load the GGUF model " + settings.modelPath().toAbsolutePath()
          + " (architecture " + header.architecture() + "): " + e.getMessage() + ". The file may be incomplete (compare"
          + " its size with the download page's), or of an architecture or quantisation newer than this llama.cpp build",
          e);
    }
    if (header.trainedContext() > 0 && settings.contextSize() > header.trainedContext()) {
      LOG.log(System.Logger.Level.WARNING, "context-size " + settings.contextSize() + " is beyond the "
          + header.trainedContext() + " tokens " + settings.modelPath().getFileName()
          + " was trained with; its answers may degrade");
    }
    return new LlamaEngine(settings, model, header.chatTemplate().isPresent());
  }

  /** What {@link #write} produced: the text, and the prompt it answered. */
  record Written(String text, Prompts.Prepared prompt) {
  }

  /** Builds a prompt from the {@link Prompts} (on the worker, which owns the tokenizer). */
  @FunctionalInterface
  interface PromptMaker {
    Prompts.Prepared make(Prompts prompts) throws Prompts.PromptTooLong;
  }

  /**
   * Writes up to {@code maxTokens} tokens after the prompt {@code maker} builds, handing each
   * piece to {@code deltas} on the calling thread as it is written.
   *
   * @throws ChatException on timeout (retryable), interruption, a prompt that cannot fit, or a
   *     native failure
   */
  Written write(PromptMaker maker, int maxTokens, Consumer<String> deltas) throws ChatException {
    long start = System.nanoTime();
    Job job = new Job(maker, maxTokens, start + settings.timeout().toNanos());
    try {
      worker.execute(() -> run(job));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the llama model " + settings.modelPath() + " is closed", e);
    }
    StringBuilder text = new StringBuilder();
    Prompts.Prepared prompt = null;
    try {
      while (true) {
        long left = job.deadline - System.nanoTime();
        if (left <= 0) {
          throw timedOut(job, text);
        }
        Event event = job.events.poll(left, TimeUnit.NANOSECONDS);
        switch (event) {
          case null -> {
          }
          case Prompted p -> prompt = p.prompt();
          case Piece p -> {
            text.append(p.text());
            deltas.accept(p.text());
          }
          case Finished f -> {
            return new Written(text.toString(), prompt);
          }
          case Failed f -> throw f.error();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException("the answer was cancelled (its thread was interrupted) after " + text.length()
          + " characters", false, e);
    } finally {
      job.cancelled = true; // a no-op once finished; otherwise the worker stops at its next token
    }
  }

  private ChatException timedOut(Job job, CharSequence text) {
    long seconds = settings.timeout().toSeconds();
    if (job.startedAt == 0) {
      return new ChatException("the local model did not start the answer within " + seconds
          + " s: it was busy writing other answers (it writes one at a time)", true, null);
    }
    return new ChatException("the local model did not finish the answer within " + seconds + " s (after "
        + text.length() + " characters); raise chat-timeout-seconds, lower chat-max-tokens, or choose a smaller model",
        true, null);
  }

  /** On the worker thread. */
  private void run(Job job) {
    if (job.cancelled) {
      return;
    }
    if (closed.get()) {
      job.events.add(new Failed(new ChatException("the local model was closed", false, null)));
      return;
    }
    job.startedAt = System.nanoTime();
    try {
      Prompts.Prepared prompt = job.maker.make(prompts);
      job.events.add(new Prompted(prompt));
      InferenceParameters parameters = new InferenceParameters(prompt.text())
          .setNPredict(job.maxTokens)
          .setTemperature((float) settings.temperature())
          .setSeed(SEED)
          .setCachePrompt(true);
      List<String> stops = prompts.stops();
      if (!stops.isEmpty()) {
        parameters.setStopStrings(stops.toArray(String[]::new));
      }
      LlamaIterator tokens = model.generate(parameters).iterator();
      while (tokens.hasNext()) {
        if (job.cancelled || closed.get() || System.nanoTime() > job.deadline) {
          tokens.cancel();
          return; // the caller has given up already (or is told by its own deadline)
        }
        LlamaOutput output = tokens.next();
        String piece = printable(output.text);
        if (!piece.isEmpty()) {
          job.events.add(new Piece(piece));
        }
      }
      long nanos = System.nanoTime() - job.startedAt;
      LOG.log(System.Logger.Level.DEBUG, () -> "answered from " + prompt.tokens() + " prompt tokens ("
          + prompt.dropped() + " passages left out) in " + nanos / 1_000_000 + " ms");
      job.events.add(new Finished());
    } catch (Prompts.PromptTooLong e) {
      job.events.add(new Failed(new ChatException("the request does not fit the local model's context of "
          + settings.contextSize() + " tokens: " + e.getMessage(), false, e)));
    } catch (RuntimeException e) {
      job.events.add(new Failed(new ChatException("the local model failed: " + e.getMessage(), false, e)));
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      worker.execute(model::close); // after the request being written stops at its next token
    } finally {
      worker.shutdown();
    }
    try {
      if (!worker.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "the llama model " + settings.modelPath() + " did not close within "
            + CLOSE_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static System.Logger.Level level(LogLevel level) {
    return switch (level) {
      case ERROR -> System.Logger.Level.WARNING; // llama.cpp's errors surface as exceptions too
      case WARN -> System.Logger.Level.INFO;
      default -> System.Logger.Level.DEBUG;
    };
  }

  /** One request: the caller waits on {@link #events}, the worker fills it. */
  private static final class Job {
    final PromptMaker maker;
    final int maxTokens;
    final long deadline;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean cancelled;
    volatile long startedAt;

    Job(PromptMaker maker, int maxTokens, long deadline) {
      this.maker = maker;
      this.maxTokens = maxTokens;
      this.deadline = deadline;
    }
  }

  private sealed interface Event permits Prompted, Piece, Finished, Failed {
  }

  private record Prompted(Prompts.Prepared prompt) implements Event {
  }

  private record Piece(String text) implements Event {
  }

  private record Finished() implements Event {
  }

  private record Failed(ChatException error) implements Event {
  }

  /** The model's tokenizer. Native: on the worker thread only. */
  private record ModelTokens(LlamaModel model) implements Tokens {

    @Override
    public int count(String text) {
      return model.encode(text).length;
    }

    @Override
    public String cut(String text, int tokens) {
      int[] all = model.encode(text);
      if (all.length <= tokens) {
        return text;
      }
      String cut = model.decode(Arrays.copyOf(all, tokens));
      // the last token may have been half of a character
      return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
    }
  }

  /**
   * A piece without control characters but line breaks and tabs: a model may write any byte token,
   * NUL included, which no JSON client wants and PostgreSQL's text refuses (a stored summary would fail).
   */
  static String printable(String piece) {
    StringBuilder kept = null;
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      boolean control = c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c == 0x7f || c == 0xfffd;
      if (control && kept == null) {
        kept = new StringBuilder(piece.length()).append(piece, 0, i);
      } else if (!control && kept != null) {
        kept.append(c);
      }
    }
    return kept == null ? piece : kept.toString();
  }
}
