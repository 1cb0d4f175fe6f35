package io.mediawhisperer.transcripts;

import io.mediawhisperer.bus.TranscriptBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video transcripts and playlists from the network, through the one transcript provider plugin
 * {@code transcript-provider} names, and the transcript cache every user shares. Owns
 * {@code video_transcripts}. The only verticle that reaches the network for media: a node without
 * network access (or with {@code transcript-provider = none}) answers 503 here and everything else
 * keeps working. Contract: {@link TranscriptBus}.
 */
public final class TranscriptsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TranscriptsVerticle.class);
  static final String NONE = "none";

  private Pool pool;
  private TranscriptProvider provider;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "transcripts", config.getString(ConfigKeys.DB_URL.name()), 3);
    String name = config.getString(ConfigKeys.TRANSCRIPT_PROVIDER.name(), "youtube");
    Duration maxAge = Duration.ofHours(config.getLong(ConfigKeys.TRANSCRIPT_CACHE_MAX_AGE_HOURS.name(), 168L));
    int unusedDays = config.getInteger(ConfigKeys.TRANSCRIPT_CACHE_UNUSED_DAYS.name(), 30);
    Future<TranscriptProvider> opened = NONE.equals(name) ? Future.succeededFuture(null)
        : vertx.executeBlocking(() -> Plugins.load(vertx, TranscriptProviderProvider.class).get(name)
            .open(Plugins.settings(config, "transcript-provider")), false);
    return opened.compose(p -> {
      provider = p;
      LOG.info(p == null ? "no transcript provider (transcript-provider = none): video and playlist links are refused"
          : "transcript provider {} open", name);
      Transcripts transcripts = new Transcripts(vertx, pool, provider, name, maxAge, unusedDays);
      return Future.all(List.of(
          consume(TranscriptBus.VIDEO, m -> transcripts.video(m.body())),
          consume(TranscriptBus.PLAYLIST, m -> transcripts.playlist(m.body())),
          consume(TranscriptBus.SWEEP_CACHE, m -> transcripts.sweep())));
    });
  }

  @Override
  public Future<?> stop() {
    if (provider != null) {
      provider.close();
    }
    return pool.close();
  }

  private Future<Void> consume(String address, Function<Message<JsonObject>, Future<JsonObject>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(action)).completion();
  }
}
