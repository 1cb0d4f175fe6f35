package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.video.FakeYouTube;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18 end to end over HTTP, on a node whose YouTube transcript provider talks to a fake
 * YouTube on 127.0.0.1 (no test reaches the internet): a pasted video link becomes a timed
 * transcript source whose hits link back to the moment; a second user's import of the same video
 * comes from the shared cache without a fetch; a playlist link becomes a collection whose videos
 * are imported by a job, those without captions listed as skipped, and whose summary and
 * conversation work; and each failure is a clear error that stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VideoLinksApiTest {

  private FakeYouTube youtube;
  private Node node;
  private ApiClient api;
  private String alice;
  private String bob;
  private String carol;

  @BeforeAll
  void start() throws Exception {
    youtube = new FakeYouTube();
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-video-links-test").toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "transcript-provider", "youtube",
        "transcript-provider-url", youtube.url().toString(),
        "transcript-provider-retries", "1",
        "transcript-provider-backoff-ms", "1")));
    api = new ApiClient(port);
    alice = api.newUser("alice");
    bob = api.newUser("bob");
    carol = api.newUser("carol");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
    youtube.close();
  }

  private HttpResponse<Buffer> video(String token, String url) {
    return api.post(token, "/api/v1/sources", new JsonObject().put("kind", "video").put("url", url));
  }

  private static String error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code") + ": "
        + response.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Test
  void aPastedLinkBecomesATimedTranscriptWhoseHitsLinkToTheMomentAndASecondUserGetsItFromTheCache() throws Exception {
    HttpResponse<Buffer> created = video(alice, "https://youtu.be/" + VideoFixtures.CAPTIONED.id() + "?t=30");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String sourceId = created.bodyAsJsonObject().getJsonObject("source").getString("id");
    assertThat(created.bodyAsJsonObject().getJsonObject("source").getString("title")).isEqualTo(VideoFixtures.CAPTIONED.title());
    api.completed(alice, created);
    JsonObject source = api.get(alice, "/api/v1/sources/" + sourceId).bodyAsJsonObject();
    assertThat(source.getString("kind")).isEqualTo("transcript");
    assertThat(source.getString("videoId")).isEqualTo(VideoFixtures.CAPTIONED.id());
    assertThat(source.getString("channelName")).isEqualTo(VideoFixtures.CAPTIONED.channel());
    assertThat(source.getString("language")).isEqualTo("en");
    assertThat(source.getDouble("durationSeconds")).isEqualTo(95.0);
    long fetches = youtube.requestsMentioning(VideoFixtures.CAPTIONED.id());

    JsonArray segments = api.get(alice, "/api/v1/sources/" + source.getString("id") + "/segments").bodyAsJsonObject().getJsonArray("items");
    assertThat(segments).hasSize(5);
    assertThat(segments.getJsonObject(2).getDouble("start")).isEqualTo(9.3);
    assertThat(segments.getJsonObject(2).getString("text")).isEqualTo("Each layer is a \"small world\" graph; search starts at the top.");

    JsonObject hit = firstHit(alice, "small world graph where the search starts at the top layer");
    assertThat(hit.getString("sourceId")).isEqualTo(source.getString("id"));
    assertThat(hit.getDouble("start")).isLessThanOrEqualTo(9.3);
    assertThat(hit.getString("url")).startsWith("https://www.youtube.com/watch?v=" + VideoFixtures.CAPTIONED.id() + "&t=");

    // Bob pastes another shape of the same link: his own source, made from the cache
    HttpResponse<Buffer> bobs = video(bob, "https://www.youtube.com/watch?v=" + VideoFixtures.CAPTIONED.id() + "&feature=share");
    assertThat(bobs.statusCode()).as(bobs.bodyAsString()).isEqualTo(202);
    String bobSource = bobs.bodyAsJsonObject().getJsonObject("source").getString("id");
    assertThat(bobSource).isNotEqualTo(source.getString("id"));
    api.completed(bob, bobs);
    assertThat(youtube.requestsMentioning(VideoFixtures.CAPTIONED.id())).as("the second import fetched nothing").isEqualTo(fetches);
    assertThat(firstHit(bob, "small world graph where the search starts at the top layer").getString("sourceId")).isEqualTo(bobSource);
    assertThat(api.get(bob, "/api/v1/sources/" + source.getString("id")).statusCode()).as("Alice's source stays hers").isEqualTo(404);

    // the same link again is the same source, not a copy
    HttpResponse<Buffer> again = video(alice, "https://www.youtube.com/embed/" + VideoFixtures.CAPTIONED.id());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getJsonObject("source").getString("id")).isEqualTo(source.getString("id"));
  }

  @Test
  void aPlaylistLinkBecomesACollectionOfItsVideosWithTheSkippedOnesListed() throws Exception {
    HttpResponse<Buffer> created = api.post(carol, "/api/v1/collections", new JsonObject().put("kind", "playlist")
        .put("url", "https://www.youtube.com/playlist?list=" + VideoFixtures.PLAYLIST.id()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject collection = created.bodyAsJsonObject();
    assertThat(collection.getString("name")).isEqualTo(VideoFixtures.PLAYLIST.title());
    assertThat(collection.getString("playlistId")).isEqualTo(VideoFixtures.PLAYLIST.id());
    JsonObject job = collection.getJsonObject("job");
    assertThat(job.getString("type")).isEqualTo("playlist_import");
    String id = collection.getString("id");

    JsonObject done = awaitJob(carol, job.getString("id"));
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("completed");
    assertThat(done.getJsonObject("result").getInteger("videos")).isEqualTo(4);
    assertThat(done.getJsonObject("result").getInteger("skipped")).isEqualTo(2);

    JsonObject after = api.get(carol, "/api/v1/collections/" + id).bodyAsJsonObject();
    JsonArray skipped = after.getJsonArray("skipped");
    assertThat(skipped.stream().map(s -> ((JsonObject) s).getString("videoId")).toList())
        .containsExactly(VideoFixtures.NO_CAPTIONS.id(), VideoFixtures.PRIVATE_ID);
    assertThat(skipped.getJsonObject(0).getString("code")).isEqualTo("no_captions");
    assertThat(skipped.getJsonObject(0).getString("title")).isEqualTo(VideoFixtures.NO_CAPTIONS.title());
    assertThat(skipped.getJsonObject(1).getString("code")).isEqualTo("video_not_found");
    assertThat(skipped.getJsonObject(1).getString("reason")).isNotBlank();

    JsonArray made = api.get(carol, "/api/v1/sources?collectionId=" + id).bodyAsJsonObject().getJsonArray("items");
    assertThat(made).hasSize(2);
    for (Object s : made) {
      String sourceId = ((JsonObject) s).getString("id");
      Eventually.holds("source " + sourceId + " ingested", Duration.ofMinutes(2),
          () -> "completed".equals(api.get(carol, "/api/v1/sources/" + sourceId).bodyAsJsonObject().getString("status")));
    }
    JsonArray sources = api.get(carol, "/api/v1/sources?collectionId=" + id).bodyAsJsonObject().getJsonArray("items");
    assertThat(sources.stream().map(s -> ((JsonObject) s).getString("videoId")).toList())
        .containsExactlyInAnyOrder(VideoFixtures.CAPTIONED.id(), VideoFixtures.SECOND.id());

    JsonObject summaryJob = api.completed(carol, api.post(carol, "/api/v1/collections/" + id + "/summary", new JsonObject()));
    assertThat(summaryJob.getString("type")).isEqualTo("collection_summary");
    assertThat(api.get(carol, "/api/v1/collections/" + id).bodyAsJsonObject().getString("summary")).isNotBlank();

    String conversation = api.post(carol, "/api/v1/conversations", new JsonObject().put("collectionId", id))
        .bodyAsJsonObject().getString("id");
    JsonObject answer = api.post(carol, "/api/v1/conversations/" + conversation + "/messages",
            new JsonObject().put("content", "What replaces each sub-vector in product quantization?"))
        .bodyAsJsonObject().getJsonObject("message");
    JsonArray cited = answer.getJsonObject("metadata").getJsonArray("sources");
    assertThat(cited).as(answer.getString("content")).isNotEmpty();
    JsonObject best = cited.getJsonObject(0);
    assertThat(best.getString("text")).contains("centroids");
    assertThat(best.getString("url")).startsWith("https://www.youtube.com/watch?v=" + VideoFixtures.SECOND.id() + "&t=");
  }

  @Test
  void badLinksAndUnusableVideosGetClearErrorsAndStoreNothing() {
    int before = sourceCount(alice);
    HttpResponse<Buffer> vimeo = video(alice, "https://vimeo.com/76979871");
    assertThat(vimeo.statusCode()).isEqualTo(400);
    assertThat(error(vimeo)).contains("youtu.be/VIDEO_ID");
    HttpResponse<Buffer> playlistAsVideo = video(alice, "https://www.youtube.com/playlist?list=" + VideoFixtures.PLAYLIST.id());
    assertThat(playlistAsVideo.statusCode()).isEqualTo(400);
    assertThat(error(playlistAsVideo)).contains("/api/v1/collections");
    HttpResponse<Buffer> noCaptions = video(alice, "https://youtu.be/" + VideoFixtures.NO_CAPTIONS.id());
    assertThat(noCaptions.statusCode()).as(noCaptions.bodyAsString()).isEqualTo(422);
    assertThat(error(noCaptions)).startsWith("no_captions");
    HttpResponse<Buffer> hidden = video(alice, "https://youtu.be/" + VideoFixtures.PRIVATE_ID);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(error(hidden)).startsWith("video_not_found");
    HttpResponse<Buffer> missingList = api.post(alice, "/api/v1/collections", new JsonObject().put("kind", "playlist")
        .put("url", "https://www.youtube.com/playlist?list=" + VideoFixtures.MISSING_PLAYLIST_ID));
    assertThat(missingList.statusCode()).isEqualTo(404);

    youtube.offline(true);
    try {
      HttpResponse<Buffer> unreachable = video(alice, "https://youtu.be/" + VideoFixtures.RATE_LIMITED.id());
      assertThat(unreachable.statusCode()).as(unreachable.bodyAsString()).isEqualTo(503);
      assertThat(error(unreachable)).startsWith("provider_unavailable").contains("network");
      assertThat(unreachable.getHeader("retry-after")).isNotNull();
    } finally {
      youtube.offline(false);
    }
    assertThat(api.get(alice, "/api/v1/collections").bodyAsJsonObject().getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getString("playlistId")).toList()).doesNotContain(VideoFixtures.MISSING_PLAYLIST_ID);
    assertThat(sourceCount(alice)).as("failed links store nothing").isEqualTo(before);
  }

  private int sourceCount(String token) {
    return api.get(token, "/api/v1/sources?limit=100").bodyAsJsonObject().getJsonArray("items").size();
  }

  private JsonObject firstHit(String token, String query) {
    HttpResponse<Buffer> found = api.post(token, "/api/v1/search", new JsonObject().put("query", query));
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    JsonArray results = found.bodyAsJsonObject().getJsonArray("results");
    assertThat(results).isNotEmpty();
    return results.getJsonObject(0);
  }

  private JsonObject awaitJob(String token, String jobId) throws InterruptedException {
    Eventually.holds("job " + jobId + " finished", Duration.ofMinutes(2), () -> List.of("completed", "failed")
        .contains(api.get(token, "/api/v1/jobs/" + jobId).bodyAsJsonObject().getString("status")));
    return api.get(token, "/api/v1/jobs/" + jobId).bodyAsJsonObject();
  }
}
