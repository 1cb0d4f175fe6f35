package io.mediawhisperer.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.TranscriptBus;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.BusHarness;
import io.mediawhisperer.testsupport.video.FakeYouTube;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transcripts verticle alone on the bus, with the real YouTube provider plugin against a fake
 * YouTube on 127.0.0.1 and the real database: the cache shared by all users, one fetch for many
 * asks, stale entries refreshed (or served while the provider is down), and each failure in the
 * contract's shape.
 */
class TranscriptsVerticleTest {

  private static FakeYouTube youtube;
  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    youtube = new FakeYouTube();
    bus = BusHarness.start(new JsonObject()
        .put("transcript-provider", "youtube")
        .put("transcript-provider-url", youtube.url().toString())
        .put("transcript-provider-retries", 1)
        .put("transcript-provider-backoff-ms", 1)
        .put("transcript-provider-requests-per-minute", 0)
        .put("transcript-provider-max-bytes", VideoFixtures.KIT_MAX_BYTES)
        .put("transcript-cache-max-age-hours", 24)
        .put("transcript-cache-unused-days", 30));
    bus.deploy(new TranscriptsVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
    youtube.close();
  }

  @BeforeEach
  void emptyCache() {
    bus.sql("DELETE FROM video_transcripts");
    youtube.reset();
    youtube.offline(false);
  }

  private static JsonObject video(String id, String language) {
    JsonObject request = new JsonObject().put("videoId", id);
    return language == null ? request : request.put("language", language);
  }

  @Test
  void aTranscriptIsFetchedOnceAndThenServedFromTheCacheToEveryone() {
    JsonObject first = bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    assertThat(first.getBoolean("cached")).isFalse();
    JsonObject v = first.getJsonObject("video");
    assertThat(v.getString("title")).isEqualTo(VideoFixtures.CAPTIONED.title());
    assertThat(v.getString("channelName")).isEqualTo(VideoFixtures.CAPTIONED.channel());
    assertThat(v.getString("language")).isEqualTo("en");
    assertThat(v.getJsonArray("segments")).hasSize(5);
    assertThat(v.getJsonArray("segments").getJsonObject(1).getString("text")).isEqualTo("Today: how HNSW graphs & layers find neighbours.");
    long fetches = youtube.requestsMentioning(VideoFixtures.CAPTIONED.id());
    assertThat(fetches).isPositive();

    JsonObject second = bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    assertThat(second.getBoolean("cached")).isTrue();
    assertThat(second.getJsonObject("video")).isEqualTo(v);
    assertThat(youtube.requestsMentioning(VideoFixtures.CAPTIONED.id())).as("no second fetch").isEqualTo(fetches);

    JsonObject german = bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "de"));
    assertThat(german.getBoolean("cached")).as("another language is another entry").isFalse();
    assertThat(german.getJsonObject("video").getString("language")).isEqualTo("de");
    assertThat(bus.sql("SELECT count(*) FROM video_transcripts").get(0).getLong(0)).isEqualTo(2);
  }

  @Test
  void manyAsksAtOnceShareOneFetch() {
    List<Future<JsonObject>> asks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      asks.add(bus.send(TranscriptBus.VIDEO, video(VideoFixtures.SECOND.id(), null)));
    }
    Await.result(Future.all(asks));
    long afterMany = youtube.requestsMentioning(VideoFixtures.SECOND.id());
    bus.sql("DELETE FROM video_transcripts");
    youtube.reset();
    bus.request(TranscriptBus.VIDEO, video(VideoFixtures.SECOND.id(), null));
    assertThat(afterMany).as("six asks cost what one fetch costs").isEqualTo(youtube.requestsMentioning(VideoFixtures.SECOND.id()));
    asks.forEach(ask -> assertThat(ask.result().getJsonObject("video").getJsonArray("segments")).hasSize(3));
  }

  @Test
  void anOldEntryIsFetchedAgainAndServedStaleWhileTheProviderIsDown() {
    bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    bus.sql("UPDATE video_transcripts SET fetched_at = now() - interval '30 hours'");

    youtube.offline(true);
    JsonObject stale = bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    assertThat(stale.getBoolean("cached")).isTrue();
    assertThat(stale.getBoolean("stale")).isTrue();
    assertThat(stale.getJsonObject("video").getJsonArray("segments")).hasSize(5);

    youtube.offline(false);
    long before = youtube.requestsMentioning(VideoFixtures.CAPTIONED.id());
    JsonObject fresh = bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    assertThat(fresh.getBoolean("cached")).isFalse();
    assertThat(youtube.requestsMentioning(VideoFixtures.CAPTIONED.id())).isGreaterThan(before);
    assertThat(bus.sql("SELECT fetched_at > now() - interval '1 minute' FROM video_transcripts").get(0).getBoolean(0)).isTrue();
  }

  @Test
  void eachFailureComesInTheContractsShape() {
    assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.NO_CAPTIONS.id(), "en"), 422, TranscriptBus.NO_CAPTIONS);
    assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.PRIVATE_ID, "en"), 404, TranscriptBus.VIDEO_NOT_FOUND);
    assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.MALFORMED_ID, "en"), 502, TranscriptBus.PROVIDER_ERROR);
    assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.HUGE_ID, "en"), 502, TranscriptBus.PROVIDER_ERROR);
    assertFailure(TranscriptBus.VIDEO, video("not-an-id", "en"), 400, Failure.INVALID_INPUT);
    assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "english please"), 400, Failure.INVALID_INPUT);
    assertFailure(TranscriptBus.PLAYLIST, new JsonObject().put("playlistId", VideoFixtures.MISSING_PLAYLIST_ID), 404,
        TranscriptBus.PLAYLIST_NOT_FOUND);

    youtube.offline(true);
    Failure offline = assertFailure(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"), 503, TranscriptBus.PROVIDER_UNAVAILABLE);
    assertThat(offline.message()).contains("network");
    assertThat(offline.retryAfterSeconds()).isPositive();
    assertThat(bus.sql("SELECT count(*) FROM video_transcripts").get(0).getLong(0)).as("failures cache nothing").isZero();
  }

  @Test
  void aPlaylistComesWholeInOrder() {
    JsonObject playlist = bus.request(TranscriptBus.PLAYLIST, new JsonObject().put("playlistId", VideoFixtures.PLAYLIST.id()))
        .getJsonObject("playlist");
    assertThat(playlist.getString("title")).isEqualTo(VideoFixtures.PLAYLIST.title());
    JsonArray videos = playlist.getJsonArray("videos");
    assertThat(videos.stream().map(v -> ((JsonObject) v).getString("videoId")).toList())
        .containsExactlyElementsOf(VideoFixtures.PLAYLIST.videoIds());
  }

  @Test
  void theSweepRemovesEntriesNobodyAskedForInTime() {
    bus.request(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), "en"));
    bus.request(TranscriptBus.VIDEO, video(VideoFixtures.SECOND.id(), null));
    bus.sql("UPDATE video_transcripts SET used_at = now() - interval '31 days' WHERE video_id = $1", VideoFixtures.SECOND.id());
    JsonObject swept = bus.request(TranscriptBus.SWEEP_CACHE, new JsonObject());
    assertThat(swept.getInteger("removed")).isEqualTo(1);
    assertThat(swept.getLong("entries")).isEqualTo(1);
    assertThat(bus.sql("SELECT video_id FROM video_transcripts").get(0).getString(0)).isEqualTo(VideoFixtures.CAPTIONED.id());
  }

  @Test
  void aServerWithoutAProviderSaysSoAndHowToGetATranscriptIn() {
    try (BusHarness none = BusHarness.start(new JsonObject().put("transcript-provider", "none"))) {
      none.deploy(new TranscriptsVerticle());
      Failure failure = none.failure(TranscriptBus.VIDEO, video(VideoFixtures.CAPTIONED.id(), null));
      assertThat(failure.status()).isEqualTo(503);
      assertThat(failure.code()).isEqualTo(TranscriptBus.PROVIDER_UNAVAILABLE);
      assertThat(failure.message()).contains("transcript-provider = none").contains("upload");
    }
  }

  private static Failure assertFailure(String address, JsonObject body, int status, String code) {
    Failure failure = bus.failure(address, body);
    assertThat(failure.status()).as(body + ": " + failure.message()).isEqualTo(status);
    assertThat(failure.code()).as(body.encode()).isEqualTo(code);
    return failure;
  }
}
