package io.mediawhisperer.launcher;

import static io.mediawhisperer.launcher.IngestionApiTest.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conversations over real ingested media with the default (extractive, offline) chat model: a
 * PDF whose answers cite the page holding them, a transcript cited by timestamp, a playlist,
 * scope, streaming (SSE and WebSocket), summaries, and another user's conversations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatApiTest {

  private static final Pattern QUOTE = Pattern.compile("\"([^\"]{20,})");

  private Node node;
  private ApiClient api;
  private String alice;
  private String bob;
  private String paper;
  private String podcast;
  private String talk;
  private String playlist;

  @BeforeAll
  void ingest() throws Exception {
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-chat-test").toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    api = new ApiClient(port);
    alice = api.newUser("alice");
    bob = api.newUser("bob");
    playlist = api.post(alice, "/api/v1/collections", new JsonObject().put("name", "Talks").put("kind", "playlist"))
        .bodyAsJsonObject().getString("id");
    paper = api.ingested(alice, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null);
    podcast = api.ingested(alice, CORPUS.resolve("transcripts/podcast-no-blank-lines.vtt"), playlist);
    talk = api.completed(alice, api.post(alice, "/api/v1/sources", new JsonObject().put("kind", "transcript")
        .put("videoId", "abc123XYZ_0").put("title", "Garbage collection talk").put("collectionId", playlist)
        .put("segments", new JsonArray()
            .add(segment(0, 30, "Welcome everyone, today we talk about memory management."))
            .add(segment(30, 45, "A generational garbage collector splits the heap into a young and an old generation."))
            .add(segment(75, 40, "Most objects die young, so collecting the nursery often is cheap."))))).getString("sourceId");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  private static JsonObject segment(double start, double duration, String text) {
    return new JsonObject().put("start", start).put("duration", duration).put("text", text);
  }

  private String conversation(String token, JsonObject scope) {
    HttpResponse<Buffer> created = api.post(token, "/api/v1/conversations", scope);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  private JsonObject ask(String token, String conversationId, String question) {
    HttpResponse<Buffer> answered = api.post(token, "/api/v1/conversations/" + conversationId + "/messages",
        new JsonObject().put("content", question));
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
    return answered.bodyAsJsonObject();
  }

  /** The hit the answer cites first. */
  private static JsonObject firstCited(JsonObject message) {
    JsonObject metadata = message.getJsonObject("metadata");
    assertThat(metadata.getJsonArray("citations")).as(message.getString("content")).isNotEmpty();
    int marker = metadata.getJsonArray("citations").getInteger(0);
    JsonObject hit = metadata.getJsonArray("sources").getJsonObject(marker - 1);
    assertThat(hit.getInteger("marker")).isEqualTo(marker);
    assertThat(hit.getBoolean("cited")).isTrue();
    return hit;
  }

  private static String firstQuote(String answer) {
    Matcher m = QUOTE.matcher(answer);
    assertThat(m.find()).as("a quoted sentence in: %s", answer).isTrue();
    String quote = m.group(1);
    return quote.endsWith("…") ? quote.substring(0, quote.length() - 1).strip() : quote;
  }

  /** Text as quotes present it: whitespace collapsed, words hyphenated across a line joined. */
  private static String squash(String text) {
    return text.replaceAll("\\s+", " ").replaceAll("(\\p{L})- (\\p{Ll})", "$1$2");
  }

  @Test
  void anAnswerAboutThePaperCitesThePageThatHoldsIt() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(paper)));
    JsonObject reply = ask(alice, id, "How are type-specialized trace trees compiled to native code?");
    JsonObject answer = reply.getJsonObject("message");
    assertThat(answer.getString("role")).isEqualTo("assistant");
    assertThat(answer.getJsonObject("metadata").getString("model")).isEqualTo("extractive");
    assertThat(answer.getJsonObject("metadata").getLong("retrievalTimeMs")).isNotNegative();

    JsonObject cited = firstCited(answer);
    assertThat(cited.getString("sourceId")).isEqualTo(paper);
    int page = cited.getInteger("pageNumber");
    assertThat(answer.getString("content")).contains("p. " + page).contains("[" + cited.getInteger("marker") + "]");
    // the sentence the answer quotes first is on the page it cites
    String pageText = api.get(alice, "/api/v1/sources/" + paper + "/pages/" + page).bodyAsJsonObject().getString("text");
    assertThat(squash(pageText)).contains(squash(firstQuote(answer.getString("content"))));
    assertThat(cited.getString("url")).endsWith("/file#page=" + page);
  }

  @Test
  void anAnswerFromATranscriptCitesItsTimestamp() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(podcast)));
    JsonObject answer = ask(alice, id, "What did the first programmers connect to perform each calculation?").getJsonObject("message");
    JsonObject cited = firstCited(answer);
    assertThat(cited.getString("sourceId")).isEqualTo(podcast);
    assertThat(cited.getString("text")).contains("physical circuits");
    double start = cited.getDouble("start");
    String stamp = String.format("%d:%02d", (long) start / 60, (long) start % 60);
    assertThat(answer.getString("content")).contains(stamp).contains("physical circuits");
  }

  @Test
  void aPlaylistConversationDrawsOnlyOnThePlaylistAndLinksTheVideoMoment() {
    String id = conversation(alice, new JsonObject().put("collectionId", playlist));
    JsonObject answer = ask(alice, id, "How does a generational garbage collector split the heap?").getJsonObject("message");
    JsonArray sources = answer.getJsonObject("metadata").getJsonArray("sources");
    assertThat(sources).isNotEmpty();
    assertThat(sources.stream().map(h -> ((JsonObject) h).getString("sourceId")).distinct().toList())
        .isSubsetOf(List.of(podcast, talk));
    JsonObject cited = firstCited(answer);
    assertThat(cited.getString("sourceId")).isEqualTo(talk);
    assertThat(cited.getString("url")).startsWith("https://www.youtube.com/watch?v=abc123XYZ_0&t=");
  }

  @Test
  void scopeIsRespectedEvenWhenTheAnswerIsElsewhere() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(paper)));
    JsonObject answer = ask(alice, id, "How does a generational garbage collector split the heap into young and old?")
        .getJsonObject("message");
    for (Object hit : answer.getJsonObject("metadata").getJsonArray("sources")) {
      assertThat(((JsonObject) hit).getString("sourceId")).isEqualTo(paper);
    }
    assertThat(answer.getString("content")).doesNotContain("nursery").doesNotContain("Garbage collection talk");
  }

  @Test
  void conversationsListByActivityWithTheirLastMessageAndAreTitledByTheFirstQuestion() {
    String user = api.newUser("lister");
    String older = conversation(user, new JsonObject());
    String newer = conversation(user, new JsonObject().put("title", "Named by me"));
    JsonObject reply = ask(user, older, "What is a trace tree?");

    JsonArray items = api.get(user, "/api/v1/conversations").bodyAsJsonObject().getJsonArray("items");
    assertThat(items.stream().map(c -> ((JsonObject) c).getString("id")).toList()).containsExactly(older, newer);
    JsonObject first = items.getJsonObject(0);
    assertThat(first.getString("title")).isEqualTo("What is a trace tree?");
    assertThat(first.getJsonObject("lastMessage").getString("id")).isEqualTo(reply.getJsonObject("message").getString("id"));
    assertThat(first.getString("updatedAt")).isEqualTo(reply.getJsonObject("message").getString("createdAt"));
    assertThat(items.getJsonObject(1).getString("title")).isEqualTo("Named by me");
    assertThat(items.getJsonObject(1).containsKey("lastMessage")).isFalse();

    JsonObject one = api.get(user, "/api/v1/conversations/" + older).bodyAsJsonObject();
    assertThat(one.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant");
    // a user with no sources is told so plainly, with nothing cited
    assertThat(reply.getJsonObject("message").getJsonObject("metadata").getJsonArray("citations")).isEmpty();
    assertThat(api.delete(user, "/api/v1/conversations/" + older).statusCode()).isEqualTo(204);
    assertThat(api.get(user, "/api/v1/conversations/" + older).statusCode()).isEqualTo(404);
  }

  @Test
  void theStreamedAnswerAddsUpToTheStoredMessage() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(paper)));
    Sse.Stream stream = Sse.post(api.vertx, api.port, alice, "/api/v1/conversations/" + id + "/messages",
        new JsonObject().put("content", "What does the trace recorder do when a loop is hot?"), event -> false);
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.contentType()).startsWith("text/event-stream");
    List<String> names = stream.events().stream().map(Sse.Event::name).toList();
    assertThat(names).last().isEqualTo("done");
    assertThat(names.subList(0, names.size() - 1)).isNotEmpty().containsOnly("delta");
    JsonObject done = stream.events().get(names.size() - 1).data();
    assertThat(stream.joinedDeltas()).isEqualTo(done.getJsonObject("message").getString("content"));

    JsonArray stored = api.get(alice, "/api/v1/conversations/" + id).bodyAsJsonObject().getJsonArray("messages");
    assertThat(stored.getJsonObject(stored.size() - 1)).isEqualTo(done.getJsonObject("message"));
    assertThat(stored.getJsonObject(stored.size() - 2)).isEqualTo(done.getJsonObject("userMessage"));
  }

  @Test
  void theWebSocketAnswersAskFramesWithDeltasThenDone() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(podcast)));
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    // held in a variable: Vert.x closes a client's sockets once the client object is collected
    WebSocketClient webSockets = api.vertx.createWebSocketClient();
    // the handler is set as the connection completes: set later, it could miss the ready frame
    WebSocket socket = Await.result(webSockets.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(api.port).setURI("/api/v1/ws").addHeader("authorization", "Bearer " + alice))
        .map(ws -> ws.textMessageHandler(text -> frames.add(new JsonObject(text)))));
    try {
      waitFor(() -> frames.stream().anyMatch(f -> "ready".equals(f.getString("type"))));
      Await.result(socket.writeTextMessage(new JsonObject().put("type", "ask").put("conversationId", id)
          .put("content", "Who wrote the article about the end of programming?").put("requestId", "q-1").encode()));
      Await.result(socket.writeTextMessage(new JsonObject().put("type", "ask").put("conversationId", "not-a-conversation")
          .put("content", "hello?").put("requestId", "q-2").encode()));
      waitFor(() -> frames.stream().anyMatch(f -> "done".equals(f.getString("type")))
          && frames.stream().anyMatch(f -> "error".equals(f.getString("type"))));

      List<JsonObject> answer = frames.stream().filter(f -> "q-1".equals(f.getString("requestId"))).toList();
      assertThat(answer).last().matches(f -> f.getString("type").equals("done"));
      StringBuilder joined = new StringBuilder();
      answer.stream().filter(f -> f.getString("type").equals("delta")).forEach(f -> joined.append(f.getString("text")));
      assertThat(answer.size()).isGreaterThan(1);
      assertThat(joined.toString()).isEqualTo(answer.get(answer.size() - 1).getJsonObject("message").getString("content"));
      JsonObject error = frames.stream().filter(f -> "q-2".equals(f.getString("requestId"))).findFirst().orElseThrow();
      assertThat(error.getJsonObject("error").getString("code")).isEqualTo("not_found");
    } finally {
      Await.result(socket.close());
      Await.result(webSockets.close());
    }
  }

  @Test
  void anotherUsersConversationIsNotFoundOnEveryVerb() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(paper)));
    ask(alice, id, "What is a trace tree?");
    String path = "/api/v1/conversations/" + id;
    for (HttpResponse<Buffer> response : List.of(api.get(bob, path), api.delete(bob, path),
        api.post(bob, path + "/messages", new JsonObject().put("content", "What is a trace tree?")))) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }
    Sse.Stream stream = Sse.post(api.vertx, api.port, bob, path + "/messages", new JsonObject().put("content", "hi"), e -> false);
    assertThat(stream.status()).isEqualTo(404);
    assertThat(api.get(bob, "/api/v1/conversations").bodyAsJsonObject().getJsonArray("items").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList()).doesNotContain(id);
    // nor can bob scope a conversation of his own to alice's sources or playlist
    assertThat(api.post(bob, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray().add(paper))).statusCode())
        .isEqualTo(404);
    assertThat(api.post(bob, "/api/v1/conversations", new JsonObject().put("collectionId", playlist)).statusCode()).isEqualTo(404);
    // and alice's conversation is untouched: two messages, still there
    assertThat(api.get(alice, path).bodyAsJsonObject().getJsonArray("messages")).hasSize(2);
  }

  @Test
  void badRequestsAreRefusedClearlyAndStoreNothing() {
    String id = conversation(alice, new JsonObject().put("sourceIds", new JsonArray().add(paper)));
    String path = "/api/v1/conversations/" + id + "/messages";
    HttpResponse<Buffer> malformed = Await.result(api.web.post(path).bearerTokenAuthentication(alice)
        .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"content\": ")));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_json");
    for (JsonObject body : List.of(new JsonObject(), new JsonObject().put("content", "   "), new JsonObject().put("content", 42),
        new JsonObject().put("content", "x".repeat(8_001)))) {
      HttpResponse<Buffer> refused = api.post(alice, path, body);
      assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_input");
    }
    assertThat(api.get(alice, "/api/v1/conversations/" + id).bodyAsJsonObject().getJsonArray("messages")).isEmpty();
    assertThat(api.post(alice, "/api/v1/conversations", new JsonObject().put("sourceIds", "all")).statusCode()).isEqualTo(400);
    assertThat(api.post(alice, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray())).statusCode()).isEqualTo(400);
    assertThat(api.post(alice, "/api/v1/conversations", new JsonObject().put("title", "")).statusCode()).isEqualTo(400);
    assertThat(api.get(alice, "/api/v1/conversations/not-an-id").statusCode()).isEqualTo(404);
    assertThat(api.post(alice, "/api/v1/conversations/00000000-0000-0000-0000-000000000000/messages",
        new JsonObject().put("content", "hello")).statusCode()).isEqualTo(404);
    assertThat(Await.result(api.web.get("/api/v1/conversations").send()).statusCode()).isEqualTo(401);
  }

  @Test
  void everySourceHasASummaryAndAPlaylistGetsOneOnRequest() throws Exception {
    JsonObject source = api.get(alice, "/api/v1/sources/" + paper).bodyAsJsonObject();
    String summary = source.getString("summary");
    assertThat(summary).as(source.encode()).isNotBlank();
    assertThat(summary.split("\\s+").length).isBetween(20, 200);
    // extractive: every sentence of the summary is the paper's own
    String firstSentence = summary.split("(?<=[.!?])\\s+")[0];
    StringBuilder allPages = new StringBuilder();
    for (int page = 1; page <= source.getInteger("pageCount"); page++) {
      allPages.append(api.get(alice, "/api/v1/sources/" + paper + "/pages/" + page).bodyAsJsonObject().getString("text")).append(' ');
    }
    assertThat(squash(allPages.toString())).as("summary: %s", summary).contains(squash(firstSentence.replace("…", "")).substring(0, Math.min(40, firstSentence.length())));

    HttpResponse<Buffer> queued = api.post(alice, "/api/v1/collections/" + playlist + "/summary", new JsonObject());
    JsonObject job = api.completed(alice, queued);
    assertThat(job.getString("type")).isEqualTo("collection_summary");
    assertThat(job.getString("collectionId")).isEqualTo(playlist);
    assertThat(api.get(alice, "/api/v1/collections/" + playlist).bodyAsJsonObject().getString("summary")).isNotBlank();
    assertThat(api.post(bob, "/api/v1/collections/" + playlist + "/summary", new JsonObject()).statusCode()).isEqualTo(404);
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
