package io.mediawhisperer.transcripts;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.TranscriptBus;
import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Answers {@link TranscriptBus}: a video's transcript from the cache while it is fresh, else from
 * the provider (one fetch however many ask at once), stored for everyone; a stale entry is served
 * when the provider cannot be reached. Event loop only.
 */
final class Transcripts {

  private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final Pattern PLAYLIST_ID = Pattern.compile("[A-Za-z0-9_-]{2,64}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");

  private static final String SELECT = "SELECT video_id, language, title, channel_name, duration_seconds, segments, fetched_at"
      + " FROM video_transcripts WHERE provider = $1 AND video_id = $2 AND requested_language = $3";
  private static final String TOUCH = "UPDATE video_transcripts SET used_at = now()"
      + " WHERE provider = $1 AND video_id = $2 AND requested_language = $3";
  private static final String UPSERT = "INSERT INTO video_transcripts (provider, video_id, requested_language, language, title,"
      + " channel_name, duration_seconds, segments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
      + " ON CONFLICT (provider, video_id, requested_language) DO UPDATE SET language = EXCLUDED.language,"
      + " title = EXCLUDED.title, channel_name = EXCLUDED.channel_name, duration_seconds = EXCLUDED.duration_seconds,"
      + " segments = EXCLUDED.segments, fetched_at = now(), used_at = now() RETURNING fetched_at";
  private static final String SWEEP = "DELETE FROM video_transcripts WHERE used_at < now() - make_interval(days => $1)";
  private static final String COUNT = "SELECT count(*) FROM video_transcripts";

  private final Vertx vertx;
  private final Pool pool;
  private final TranscriptProvider provider;
  private final String providerName;
  private final Duration maxAge;
  private final int unusedDays;
  /** Fetches under way, by video and asked language: a second ask waits for the first fetch. */
  private final Map<String, Future<JsonObject>> fetching = new HashMap<>();

  Transcripts(Vertx vertx, Pool pool, TranscriptProvider provider, String providerName, Duration maxAge, int unusedDays) {
    this.vertx = vertx;
    this.pool = pool;
    this.provider = provider;
    this.providerName = providerName;
    this.maxAge = maxAge;
    this.unusedDays = unusedDays;
  }

  Future<JsonObject> video(JsonObject body) {
    String videoId = Payloads.requiredString(body, "videoId");
    if (!VIDEO_ID.matcher(videoId).matches()) {
      throw Failure.invalidInput("videoId must be an 11-character YouTube video id").asException();
    }
    String language = body.getValue("language") instanceof String l && !l.isBlank() ? l.trim() : null;
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw Failure.invalidInput("language must be an ISO 639-1 code such as en or pt-BR").asException();
    }
    String asked = language == null ? "" : language;
    Tuple key = Tuple.of(providerName, videoId, asked);
    return pool.preparedQuery(SELECT).execute(key).compose(rows -> {
      Row cached = rows.size() == 0 ? null : rows.iterator().next();
      if (cached != null && cached.getOffsetDateTime("fetched_at").isAfter(OffsetDateTime.now().minus(maxAge))) {
        return pool.preparedQuery(TOUCH).execute(key).map(v -> answer(cached, true));
      }
      String flight = videoId + "|" + asked;
      Future<JsonObject> running = fetching.get(flight);
      if (running != null) {
        return running;
      }
      // registered before the fetch starts: a fetch that fails at once must not leave its failure behind
      Promise<JsonObject> shared = Promise.promise();
      fetching.put(flight, shared.future());
      fetch(videoId, language, asked)
          .recover(error -> cached != null && servesStale(error)
              ? pool.preparedQuery(TOUCH).execute(key).map(v -> answer(cached, true).put("stale", true))
              : Future.failedFuture(error))
          .onComplete(done -> {
            fetching.remove(flight);
            shared.handle(done);
          });
      return shared.future();
    });
  }

  private Future<JsonObject> fetch(String videoId, String language, String asked) {
    return call(() -> provider.transcript(videoId, language), TranscriptBus.VIDEO_NOT_FOUND)
        .compose(video -> {
          JsonArray segments = new JsonArray();
          video.segments().forEach(s -> segments.add(new JsonObject().put("start", s.start()).put("duration", s.duration())
              .put("text", s.text())));
          if (segments.isEmpty()) {
            return Future.failedFuture(new Failure(422, TranscriptBus.NO_CAPTIONS, "video " + videoId
                + " has an empty transcript").asException());
          }
          return pool.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {providerName, videoId, asked, video.language(),
                  video.title(), video.channelName(), video.durationSeconds(), segments}))
              .map(rows -> new JsonObject().put("video", videoJson(video.videoId(), video.title(), video.channelName(),
                      video.durationSeconds(), video.language(), segments))
                  .put("cached", false).put("fetchedAt", rows.iterator().next().getOffsetDateTime("fetched_at").toInstant().toString()));
        });
  }

  Future<JsonObject> playlist(JsonObject body) {
    String playlistId = Payloads.requiredString(body, "playlistId");
    if (!PLAYLIST_ID.matcher(playlistId).matches()) {
      throw Failure.invalidInput("playlistId must be a YouTube playlist id").asException();
    }
    return call(() -> provider.playlist(playlistId), TranscriptBus.PLAYLIST_NOT_FOUND).map(Transcripts::playlistJson);
  }

  Future<JsonObject> sweep() {
    return pool.preparedQuery(SWEEP).execute(Tuple.of(unusedDays))
        .compose(removed -> pool.query(COUNT).execute()
            .map(rows -> new JsonObject().put("removed", removed.rowCount()).put("entries", rows.iterator().next().getLong(0))));
  }

  /** The provider's stage on this verticle's context, its failure as the bus contract's. */
  private <T> Future<T> call(java.util.function.Supplier<CompletionStage<T>> call, String notFoundCode) {
    if (provider == null) {
      return Future.failedFuture(new Failure(503, TranscriptBus.PROVIDER_UNAVAILABLE, "this server fetches no transcripts"
          + " (transcript-provider = none): upload the transcript as a file (WebVTT, SRT or transcript JSON) instead").asException());
    }
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(failure(e, notFoundCode).asException());
    }
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(error -> Future.failedFuture(failure(error, notFoundCode).asException()));
  }

  static Failure failure(Throwable error, String notFoundCode) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    if (!(cause instanceof TranscriptException te)) {
      return new Failure(502, TranscriptBus.PROVIDER_ERROR, "the transcript provider failed: " + cause);
    }
    String said = te.getMessage();
    return switch (te.reason()) {
      case NOT_FOUND -> new Failure(404, notFoundCode, said);
      case NO_CAPTIONS -> new Failure(422, TranscriptBus.NO_CAPTIONS, said + "; upload a transcript file instead");
      case UNAVAILABLE -> withRetry(new Failure(503, TranscriptBus.PROVIDER_UNAVAILABLE, said), te.retryAfterSeconds(), 30);
      case RATE_LIMITED -> withRetry(new Failure(503, TranscriptBus.PROVIDER_UNAVAILABLE, said), te.retryAfterSeconds(), 60);
      case REFUSED -> new Failure(503, TranscriptBus.PROVIDER_UNAVAILABLE, said + " (check transcript-provider-api-key)");
      case INVALID_RESPONSE, TOO_LARGE -> new Failure(502, TranscriptBus.PROVIDER_ERROR, said);
    };
  }

  private static Failure withRetry(Failure failure, Long said, long fallback) {
    return failure.retryAfter(said != null ? Math.max(1, said) : fallback);
  }

  private static boolean servesStale(Throwable error) {
    String code = Failure.from(error).code();
    return TranscriptBus.PROVIDER_UNAVAILABLE.equals(code) || TranscriptBus.PROVIDER_ERROR.equals(code);
  }

  private static JsonObject answer(Row row, boolean cached) {
    Object segments = row.getValue("segments");
    JsonArray list = segments instanceof JsonArray a ? a : new JsonArray(String.valueOf(segments));
    return new JsonObject()
        .put("video", videoJson(row.getString("video_id"), row.getString("title"), row.getString("channel_name"),
            row.getDouble("duration_seconds"), row.getString("language"), list))
        .put("cached", cached)
        .put("fetchedAt", row.getOffsetDateTime("fetched_at").toInstant().toString());
  }

  private static JsonObject videoJson(String videoId, String title, String channel, Double duration, String language, JsonArray segments) {
    JsonObject json = new JsonObject().put("videoId", videoId).put("title", title);
    if (channel != null) {
      json.put("channelName", channel);
    }
    if (duration != null) {
      json.put("durationSeconds", duration);
    }
    if (language != null) {
      json.put("language", language);
    }
    return json.put("segments", segments);
  }

  private static JsonObject playlistJson(Playlist playlist) {
    JsonArray videos = new JsonArray();
    for (Playlist.Entry e : playlist.videos()) {
      JsonObject v = new JsonObject().put("videoId", e.videoId());
      if (e.title() != null) {
        v.put("title", e.title());
      }
      if (e.durationSeconds() != null) {
        v.put("durationSeconds", e.durationSeconds());
      }
      videos.add(v);
    }
    JsonObject json = new JsonObject().put("playlistId", playlist.playlistId()).put("title", playlist.title());
    if (playlist.channelName() != null) {
      json.put("channelName", playlist.channelName());
    }
    return new JsonObject().put("playlist", json.put("videos", videos));
  }
}
