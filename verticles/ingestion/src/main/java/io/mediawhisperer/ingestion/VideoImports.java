package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.TranscriptBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sources made from links: a video link becomes a transcript source, made from what the
 * transcripts verticle fetched (or had cached) exactly as a transcript sent as JSON is; a playlist
 * link becomes a playlist collection and a job (type {@value #PLAYLIST_JOB}) that makes one such
 * source per video, in order, listing the videos it could not use as skipped with the reason. A
 * resumed job goes through the list again: a video already imported is the same transcript, so
 * the user's existing source is found instead of a copy made, and the transcripts come from the
 * cache.
 */
final class VideoImports {

  static final String PLAYLIST_JOB = "playlist_import";
  private static final Logger LOG = LoggerFactory.getLogger(VideoImports.class);
  /** A fetch may wait out the provider's retries and rate limit. */
  private static final long FETCH_TIMEOUT_MS = 180_000;
  /** Reasons a video is skipped rather than failing its playlist. */
  private static final Set<String> SKIPPABLE = Set.of(TranscriptBus.VIDEO_NOT_FOUND, TranscriptBus.NO_CAPTIONS,
      TranscriptBus.PROVIDER_UNAVAILABLE, TranscriptBus.PROVIDER_ERROR, Failure.INVALID_INPUT);

  private static final String INSERT_PLAYLIST = "INSERT INTO collections (user_id, name, kind, url, playlist_id, channel_name)"
      + " VALUES ($1, $2, 'playlist', $3, $4, $5) RETURNING id";
  private static final String INSERT_PLAYLIST_JOB = "INSERT INTO jobs AS j (id, user_id, type, status, collection_id, payload)"
      + " VALUES ($1, $2, '" + PLAYLIST_JOB + "', 'queued', $3, $4) RETURNING " + IngestionSql.JOB_COLUMNS;
  private static final String SET_SKIPPED = "UPDATE collections SET skipped = $3, updated_at = now() WHERE id = $1 AND user_id = $2";

  /** Makes a transcript source of a transcript document (TranscriptBody's shape), as a JSON transcript is made. */
  interface TranscriptSourceMaker {
    Future<JsonObject> create(UUID userId, JsonObject transcriptDocument, UUID collectionId);
  }

  private final Vertx vertx;
  private final Pool pool;
  private final TranscriptSourceMaker maker;

  VideoImports(Vertx vertx, Pool pool, TranscriptSourceMaker maker) {
    this.vertx = vertx;
    this.pool = pool;
    this.maker = maker;
  }

  /** {@code {"kind": "video", "url", "title"?, "language"?, "collectionId"?}}: the reply of a created (or found) source. */
  Future<JsonObject> video(UUID userId, JsonObject body, UUID collectionId) {
    String videoId = VideoLinks.video(SourceFields.required(body, "url", VideoLinks.MAX_URL));
    String title = SourceFields.optional(body, "title", SourceFields.MAX_TITLE);
    String language = SourceFields.language(body);
    return fetch(videoId, language).compose(reply -> maker.create(userId, document(reply.getJsonObject("video"), title), collectionId));
  }

  /** {@code {"kind": "playlist", "url", "name"?, "language"?}}: the collection and the job that fills it. */
  Future<JsonObject> playlist(UUID userId, JsonObject body) {
    String url = SourceFields.required(body, "url", SourceFields.MAX_COLLECTION_URL);
    String playlistId = VideoLinks.playlist(url);
    String name = SourceFields.optional(body, "name", SourceFields.MAX_COLLECTION_NAME);
    String language = SourceFields.language(body);
    return vertx.eventBus().<JsonObject>request(TranscriptBus.PLAYLIST, new JsonObject().put("playlistId", playlistId),
            new DeliveryOptions().setSendTimeout(FETCH_TIMEOUT_MS))
        .map(Message::body)
        .compose(reply -> {
          JsonObject playlist = reply.getJsonObject("playlist");
          String title = name != null && !name.isBlank() ? name.trim() : clip(playlist.getString("title"), SourceFields.MAX_COLLECTION_NAME);
          UUID jobId = UUID.randomUUID();
          JsonObject payload = new JsonObject().put("playlistId", playlistId).put("language", language)
              .put("videos", playlist.getJsonArray("videos", new JsonArray()));
          return pool.withTransaction(conn -> conn.preparedQuery(INSERT_PLAYLIST)
                  .execute(Tuple.of(userId, title, url.trim(), playlistId, playlist.getString("channelName")))
                  .compose(rows -> {
                    UUID collectionId = rows.iterator().next().getUUID("id");
                    return conn.preparedQuery(INSERT_PLAYLIST_JOB).execute(Tuple.of(jobId, userId, collectionId, payload))
                        .compose(job -> conn.preparedQuery(IngestionSql.COLLECTION).execute(Tuple.of(collectionId, userId))
                            .map(collection -> new JsonObject().put("collection", Shapes.collection(collection.iterator().next()))
                                .put("job", Shapes.job(job.iterator().next()))));
                  }))
              .onSuccess(v -> vertx.eventBus().publish(IngestionBus.JOBS_WAKE, new JsonObject()));
        });
  }

  /** Runs a playlist job: each video in order, then the skipped list on the collection and the tally on the job. */
  Future<Void> runPlaylist(JsonObject job, JobSteps steps) {
    UUID jobId = UUID.fromString(job.getString("id"));
    UUID userId = UUID.fromString(job.getString("userId"));
    UUID collectionId = UUID.fromString(job.getString("collectionId"));
    return pool.preparedQuery(ChatLogSql.JOB_PAYLOAD).execute(Tuple.of(jobId))
        .map(rows -> rows.iterator().next().getJsonObject("payload"))
        .compose(payload -> {
          Tally tally = new Tally(payload.getJsonArray("videos", new JsonArray()), payload.getString("language"));
          return steps.progress(jobId, userId, "fetch", 1)
              .compose(v -> importFrom(0, tally, jobId, userId, collectionId, steps))
              .compose(v -> pool.preparedQuery(SET_SKIPPED).execute(Tuple.of(collectionId, userId, tally.skipped)))
              .compose(v -> pool.preparedQuery(ChatLogSql.JOB_RESULT).execute(Tuple.of(jobId, tally.json())))
              .compose(v -> steps.finish(jobId, "completed", null))
              .onSuccess(v -> LOG.info("playlist job {} completed: {}", jobId, tally.json()));
        })
        .recover(error -> {
          LOG.warn("playlist job {} failed: {}", jobId, error.getMessage());
          return steps.finish(jobId, "failed", Failure.from(error).message());
        });
  }

  private static final class Tally {
    final JsonArray videos;
    final String language;
    int created;
    int existing;
    final JsonArray skipped = new JsonArray();

    Tally(JsonArray videos, String language) {
      this.videos = videos;
      this.language = language;
    }

    JsonObject json() {
      return new JsonObject().put("videos", videos.size()).put("created", created).put("existing", existing)
          .put("skipped", skipped.size());
    }
  }

  private Future<Void> importFrom(int index, Tally tally, UUID jobId, UUID userId, UUID collectionId, JobSteps steps) {
    if (index >= tally.videos.size()) {
      return Future.succeededFuture();
    }
    JsonObject entry = tally.videos.getJsonObject(index);
    String videoId = entry.getString("videoId");
    return fetch(videoId, tally.language)
        .compose(reply -> maker.create(userId, document(reply.getJsonObject("video"), null), collectionId))
        .map(made -> {
          if (Boolean.FALSE.equals(made.getBoolean("created"))) {
            tally.existing++;
          } else {
            tally.created++;
          }
          return (Void) null;
        })
        .recover(error -> {
          Failure failure = Failure.from(error);
          if (!SKIPPABLE.contains(failure.code())) {
            return Future.failedFuture(error);
          }
          JsonObject skipped = new JsonObject().put("videoId", videoId).put("code", failure.code()).put("reason", failure.message());
          if (entry.getString("title") != null) {
            skipped.put("title", entry.getString("title"));
          }
          tally.skipped.add(skipped);
          return Future.succeededFuture();
        })
        .compose(v -> steps.progress(jobId, userId, "fetch", 1 + 98 * (index + 1) / tally.videos.size()))
        .compose(v -> importFrom(index + 1, tally, jobId, userId, collectionId, steps));
  }

  private Future<JsonObject> fetch(String videoId, String language) {
    JsonObject request = new JsonObject().put("videoId", videoId);
    if (language != null) {
      request.put("language", language);
    }
    return vertx.eventBus().<JsonObject>request(TranscriptBus.VIDEO, request, new DeliveryOptions().setSendTimeout(FETCH_TIMEOUT_MS))
        .map(Message::body);
  }

  /** The transcript document ingestion parses (TranscriptBody's checks and limits, as for a transcript sent as JSON). */
  static JsonObject document(JsonObject video, String title) {
    JsonObject body = new JsonObject()
        .put("title", title != null && !title.isBlank() ? title.trim() : clip(video.getString("title"), SourceFields.MAX_TITLE))
        .put("videoId", video.getString("videoId"))
        .put("segments", video.getJsonArray("segments"));
    for (String field : new String[] {"channelName", "language", "durationSeconds"}) {
      if (video.getValue(field) != null) {
        body.put(field, video.getValue(field));
      }
    }
    return TranscriptBody.validated(body);
  }

  private static String clip(String text, int max) {
    String value = text == null || text.isBlank() ? "Untitled video" : text.trim();
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
