package io.mediawhisperer.audiobook;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.audiobook.audio.AudioEncoder;
import io.mediawhisperer.audiobook.audio.AudioProbe;
import io.mediawhisperer.audiobook.audio.Ffmpeg;
import io.mediawhisperer.bus.AudiobookBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.UserEvents;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audiobook verticle alone, driven through {@link AudiobookBus}, with FreeTTS (the engine in
 * the jar) and the ffmpeg of the jar. Ingestion is a fake that knows each test's sources: their
 * owner, status, and text.
 */
class AudiobookVerticleTest {

  private static BusHarness bus;
  private static final Map<String, JsonObject> SOURCES = new ConcurrentHashMap<>();
  private static final Map<String, JsonObject> TEXTS = new ConcurrentHashMap<>();
  private static BusHarness.Fake reading;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("audiobook-workers", 2).put("job-heartbeat-seconds", 1));
    bus.fake(IngestionBus.GET, request -> {
      JsonObject source = SOURCES.get(request.getString("sourceId"));
      return source == null || !source.getString("userId").equals(request.getString("userId"))
          ? Failure.notFound("source not found") : new JsonObject().put("source", source);
    });
    reading = bus.fake(IngestionBus.READING, request -> TEXTS.get(request.getString("sourceId")));
    bus.deploy(new AudiobookVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static String source(String userId, String status, JsonObject text) {
    String id = UUID.randomUUID().toString();
    SOURCES.put(id, new JsonObject().put("id", id).put("userId", userId).put("status", status).put("title", "A test text")
        .put("kind", "text"));
    TEXTS.put(id, text);
    return id;
  }

  private static JsonObject pages(String... pages) {
    JsonArray list = new JsonArray();
    for (int i = 0; i < pages.length; i++) {
      list.add(new JsonObject().put("number", i + 1).put("text", pages[i]));
    }
    return new JsonObject().put("kind", "text").put("title", "A test text").put("pages", list).put("outline", new JsonArray())
        .put("segments", new JsonArray()).put("messages", new JsonArray());
  }

  private static JsonObject finished(String userId, String bookId) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      JsonObject book = bus.request(AudiobookBus.GET, new JsonObject().put("userId", userId).put("audiobookId", bookId))
          .getJsonObject("audiobook");
      if (List.of("completed", "failed").contains(book.getString("status"))) {
        return book;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the book did not finish in 2 minutes");
  }

  @Test
  void voicesOfTheEnginesOnTheClassPath() {
    JsonObject voices = bus.request(AudiobookBus.VOICES, new JsonObject());
    assertThat(voices.getJsonArray("items").stream().map(v -> ((JsonObject) v).getString("id"))).contains("freetts:kevin16");
    assertThat(voices.getString("default")).isEqualTo("freetts:kevin16");
  }

  @Test
  void aTextIsReadInChaptersStoredAndAnnounced() throws Exception {
    String user = UUID.randomUUID().toString();
    BusHarness.Fake events = bus.fake(UserEvents.address(user), request -> new JsonObject());
    String sentence = "The river runs past the mill and the children watch the water wheel turn all afternoon. ";
    String source = source(user, "completed", pages("Chapter 1\n\n" + sentence.repeat(12), "Chapter 2\n\n" + sentence.repeat(30)));
    JsonObject created = bus.request(AudiobookBus.CREATE, new JsonObject().put("userId", user).put("sourceId", source).put("format", "mp3"));
    String id = created.getJsonObject("audiobook").getString("id");
    assertThat(created.getJsonObject("job").getString("type")).isEqualTo("audiobook");
    assertThat(created.getJsonObject("audiobook").getString("voice")).isEqualTo("freetts:kevin16");

    JsonObject book = finished(user, id);
    assertThat(book.getString("status")).as(book.encodePrettily()).isEqualTo("completed");
    assertThat(reading.last().getString("userId")).isEqualTo(user);
    List<JsonObject> chapters = book.getJsonArray("chapters").stream().map(JsonObject.class::cast).toList();
    assertThat(chapters).isNotEmpty();
    assertThat(events.await(e -> e.getJsonObject("job").getString("status").equals("completed")).getJsonObject("job")
        .getString("id")).isEqualTo(id);

    JsonObject audio = bus.request(AudiobookBus.AUDIO, new JsonObject().put("userId", user).put("audiobookId", id));
    assertThat(audio.getString("contentType")).isEqualTo("audio/mpeg");
    Path file;
    try (Stream<Path> files = Files.walk(bus.dataDir())) {
      file = files.filter(p -> p.toString().endsWith(audio.getString("key"))).findFirst().orElseThrow();
    }
    assertThat(Files.size(file)).isEqualTo(audio.getLong("size"));
    AudioEncoder ffmpeg = new AudioEncoder(Ffmpeg.bundled());
    AudioProbe probe = ffmpeg.probe(file);
    assertThat(probe.chapters()).hasSize(chapters.size());
    assertThat(probe.durationSeconds()).isCloseTo(book.getDouble("durationSeconds"), org.assertj.core.api.Assertions.within(0.5));
    assertThat(ffmpeg.rms(file)).isGreaterThan(0.01);

    // the other user's view: nothing
    String mallory = UUID.randomUUID().toString();
    assertThat(bus.failure(AudiobookBus.GET, new JsonObject().put("userId", mallory).put("audiobookId", id)).status()).isEqualTo(404);
    assertThat(bus.failure(AudiobookBus.AUDIO, new JsonObject().put("userId", mallory).put("audiobookId", id)).status()).isEqualTo(404);
    assertThat(bus.failure(AudiobookBus.DELETE, new JsonObject().put("userId", mallory).put("audiobookId", id)).status()).isEqualTo(404);

    // deleting removes the rows and the files
    bus.request(AudiobookBus.DELETE, new JsonObject().put("userId", user).put("audiobookId", id));
    assertThat(Files.exists(file)).isFalse();
    assertThat(bus.sql("SELECT count(*) FROM audiobook_chapters WHERE audiobook_id = $1", UUID.fromString(id)).get(0).getLong(0)).isZero();
  }

  @Test
  void requestsThatCannotBeMadeAreRefusedWithTheReason() {
    String user = UUID.randomUUID().toString();
    String source = source(user, "completed", pages("Some words to read."));
    JsonObject ask = new JsonObject().put("userId", user).put("sourceId", source);
    Failure voice = bus.failure(AudiobookBus.CREATE, ask.copy().put("voice", "nobody:none"));
    assertThat(voice.status()).isEqualTo(400);
    assertThat(voice.message()).contains("freetts:kevin16");
    Failure format = bus.failure(AudiobookBus.CREATE, ask.copy().put("format", "flac"));
    assertThat(format.status()).isEqualTo(400);
    assertThat(format.message()).contains("m4b", "mp3", "opus");
    assertThat(bus.failure(AudiobookBus.CREATE, ask.copy().put("speed", 0.1)).status()).isEqualTo(400);
    assertThat(bus.failure(AudiobookBus.CREATE, ask.copy().put("speed", "fast")).status()).isEqualTo(400);
    assertThat(bus.failure(AudiobookBus.CREATE, ask.copy().put("userId", UUID.randomUUID().toString())).status()).isEqualTo(404);
    Failure busy = bus.failure(AudiobookBus.CREATE, new JsonObject().put("userId", user)
        .put("sourceId", source(user, "processing", pages("Not yet."))));
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.code()).isEqualTo(IngestionBus.NOT_READY);
    assertThat(bus.failure(AudiobookBus.GET, new JsonObject().put("userId", user).put("audiobookId", "42")).status()).isEqualTo(404);
    assertThat(bus.sql("SELECT count(*) FROM audiobooks WHERE user_id = $1", UUID.fromString(user)).get(0).getLong(0)).isZero();
  }

  @Test
  void aSourceWithoutTextFailsSayingSo() throws Exception {
    String user = UUID.randomUUID().toString();
    String source = source(user, "completed", pages("", "   "));
    String id = bus.request(AudiobookBus.CREATE, new JsonObject().put("userId", user).put("sourceId", source))
        .getJsonObject("audiobook").getString("id");
    JsonObject book = finished(user, id);
    assertThat(book.getString("status")).isEqualTo("failed");
    assertThat(book.getString("error")).contains("no text to read aloud");
    Failure early = bus.failure(AudiobookBus.AUDIO, new JsonObject().put("userId", user).put("audiobookId", id));
    assertThat(early.status()).isEqualTo(409);
  }
}
