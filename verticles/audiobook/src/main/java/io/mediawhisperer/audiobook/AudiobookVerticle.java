package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.audio.AudioEncoder;
import io.mediawhisperer.audiobook.audio.AudioFormat;
import io.mediawhisperer.audiobook.audio.Ffmpeg;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.node.NodeIdentity;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Audiobooks: a source read aloud in chapters by the speech synthesizer plugins, encoded with the
 * ffmpeg inside the jar, kept in the blob store. Owns {@code audiobooks} and
 * {@code audiobook_chapters}. Contract: {@link AudiobookBus}.
 */
public final class AudiobookVerticle extends VerticleBase {

  private static final long POLL_MS = 2_000;

  private Pool pool;
  private Blobs blobs;
  private Voices voices;
  private WorkerExecutor blocking;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "audiobook", config.getString(ConfigKeys.DB_URL.name()), 3);
    int workers = Math.max(1, config.getInteger(ConfigKeys.AUDIOBOOK_WORKERS.name(), 1));
    Duration chapterTimeout = Duration.ofSeconds(config.getLong(ConfigKeys.AUDIOBOOK_CHAPTER_TIMEOUT_SECONDS.name(), 1800L));
    // a chapter's synthesis may run for many minutes: the pool's own limit is the chapter's, plus the encoding
    blocking = vertx.createSharedWorkerExecutor("mw-audiobook", workers + 2, chapterTimeout.toSeconds() * 2, TimeUnit.SECONDS);
    String nodeId = NodeIdentity.of(config).id();
    AudioFormat defaultFormat = AudioFormat.parse(config.getString(ConfigKeys.AUDIOBOOK_FORMAT.name(), "m4b"));
    int chapterPages = config.getInteger(ConfigKeys.AUDIOBOOK_CHAPTER_PAGES.name(), 10);
    int staleSeconds = config.getInteger(ConfigKeys.JOB_STALE_SECONDS.name(), 30);
    int maxAttempts = config.getInteger(ConfigKeys.JOB_MAX_ATTEMPTS.name(), 3);
    long heartbeatMs = config.getLong(ConfigKeys.JOB_HEARTBEAT_SECONDS.name(), 5L) * 1000;
    return Blobs.acquire(vertx, config)
        .compose(acquired -> {
          blobs = acquired;
          return blocking.executeBlocking(() -> Voices.open(Plugins.load(vertx, SpeechSynthesizerProvider.class),
              Plugins.settings(config, "speech"), config.getString(ConfigKeys.SPEECH_VOICE.name(), Voices.AUTO)), false);
        })
        .compose(opened -> {
          voices = opened;
          return blocking.executeBlocking(() -> new AudioEncoder(Ffmpeg.bundled()), false);
        })
        .compose(encoder -> {
          BookWorker worker = new BookWorker(vertx, pool, blobs, blocking, voices,
              new ChapterReader(voices, encoder, blobs.store(), chapterTimeout),
              new BookAssembler(encoder, blobs.store(), chapterTimeout),
              new ListeningScripts(chapterPages), nodeId, workers, staleSeconds, maxAttempts);
          Books books = new Books(vertx, pool, blobs, voices, defaultFormat, worker);
          vertx.setPeriodic(heartbeatMs, id -> worker.heartbeat());
          vertx.setPeriodic(POLL_MS, id -> worker.poll());
          return Future.all(List.of(
                  vertx.eventBus().consumer(AudiobookBus.WAKE, m -> worker.poll()).completion(),
                  vertx.eventBus().<JsonObject>consumer(AudiobookBus.CANCELLED,
                      m -> worker.cancel(UUID.fromString(m.body().getString("audiobookId")))).completion(),
                  consume(AudiobookBus.VOICES, books::voices),
                  consume(AudiobookBus.CREATE, books::create),
                  consume(AudiobookBus.LIST, books::list),
                  consume(AudiobookBus.GET, books::get),
                  consume(AudiobookBus.JOB, books::job),
                  consume(AudiobookBus.AUDIO, books::audio),
                  consume(AudiobookBus.CANCEL, books::cancel),
                  consume(AudiobookBus.DELETE, books::delete),
                  consume(AudiobookBus.PURGE_USER, books::purgeUser)))
              .onSuccess(v -> worker.poll());
        });
  }

  @Override
  public Future<?> stop() {
    if (voices != null) {
      voices.close();
    }
    blocking.close();
    return Future.all(pool.close(), blobs == null ? Future.succeededFuture() : blobs.close());
  }

  private Future<Void> consume(String address, Function<Message<JsonObject>, Future<JsonObject>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(action)).completion();
  }
}
