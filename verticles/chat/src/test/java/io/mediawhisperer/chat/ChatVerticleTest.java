package io.mediawhisperer.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat verticle alone with the built-in extractive model, driven through {@link ChatBus};
 * retrieval is a fake that always finds the same passage, so what the answer cites is known.
 */
class ChatVerticleTest {

  private static final String CHUNK_ID = UUID.randomUUID().toString();
  private static final String SOURCE_ID = UUID.randomUUID().toString();
  private static final String PASSAGE = "New employees receive their laptops from the IT desk on their first Monday.";

  private static BusHarness bus;
  private static BusHarness.Fake retrieval;
  private static UUID alice;
  private static UUID bob;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("chat-provider", "extractive"));
    retrieval = bus.fake(RetrievalBus.SEARCH, request -> new JsonObject()
        .put("mode", request.getString("mode"))
        .put("tookMs", 1)
        .put("results", new JsonArray().add(new JsonObject()
            .put("chunkId", CHUNK_ID).put("sourceId", SOURCE_ID).put("sourceTitle", "Onboarding handbook")
            .put("kind", "text").put("text", PASSAGE).put("score", 0.9))));
    bus.deploy(new ChatVerticle());
    alice = user();
    bob = user();
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "chat-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static JsonObject create(UUID user, String title) {
    return bus.request(ChatBus.CREATE, new JsonObject().put("userId", user.toString()).put("title", title))
        .getJsonObject("conversation");
  }

  @Test
  void aCreatedConversationIsListedForItsOwnerOnly() {
    JsonObject conversation = create(alice, "Onboarding questions");

    assertThat(conversation.getString("title")).isEqualTo("Onboarding questions");
    List<String> alicesIds = bus.request(ChatBus.LIST, new JsonObject().put("userId", alice.toString()))
        .getJsonArray("items").stream().map(c -> ((JsonObject) c).getString("id")).toList();
    assertThat(alicesIds).contains(conversation.getString("id"));
    List<String> bobsIds = bus.request(ChatBus.LIST, new JsonObject().put("userId", bob.toString()))
        .getJsonArray("items").stream().map(c -> ((JsonObject) c).getString("id")).toList();
    assertThat(bobsIds).doesNotContain(conversation.getString("id"));
  }

  @Test
  void anAnswerSearchesAsTheUserAndCitesTheHitItWasGiven() {
    String id = create(alice, "Laptops").getString("id");
    String question = "When do new employees receive their laptops?";

    JsonObject reply = bus.request(ChatBus.ASK, new JsonObject().put("userId", alice.toString()).put("conversationId", id)
        .put("content", question));

    JsonObject search = retrieval.last();
    assertThat(search.getString("userId")).isEqualTo(alice.toString());
    assertThat(search.getString("query")).isEqualTo(question);
    assertThat(reply.getJsonObject("userMessage").getString("content")).isEqualTo(question);
    JsonObject answer = reply.getJsonObject("message");
    assertThat(answer.getString("role")).isEqualTo("assistant");
    assertThat(answer.getString("content")).contains("[1]").containsIgnoringCase("laptops");
    JsonObject metadata = answer.getJsonObject("metadata");
    assertThat(metadata.getJsonArray("citations")).contains(1);
    JsonObject source = metadata.getJsonArray("sources").getJsonObject(0);
    assertThat(source.getString("chunkId")).isEqualTo(CHUNK_ID);
    assertThat(source.getInteger("marker")).isEqualTo(1);
    assertThat(source.getBoolean("cited")).isTrue();

    // both messages are stored, in order
    JsonObject stored = bus.request(ChatBus.GET, new JsonObject().put("userId", alice.toString()).put("conversationId", id))
        .getJsonObject("conversation");
    assertThat(stored.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant");
  }

  @Test
  void anotherUsersConversationIsNotFound() {
    String id = create(alice, "Private").getString("id");
    JsonObject asBob = new JsonObject().put("userId", bob.toString()).put("conversationId", id);

    for (String address : List.of(ChatBus.GET, ChatBus.MESSAGES, ChatBus.DELETE)) {
      Failure failure = bus.failure(address, asBob.copy());
      assertThat(failure.status()).as(address).isEqualTo(404);
      assertThat(failure.code()).as(address).isEqualTo(Failure.NOT_FOUND);
    }
    int searchesBefore = retrieval.received().size();
    Failure ask = bus.failure(ChatBus.ASK, asBob.copy().put("content", "What is in Alice's conversation?"));
    assertThat(ask.status()).isEqualTo(404);
    assertThat(retrieval.received()).as("nothing is searched for a conversation that is not the asker's").hasSize(searchesBefore);
    // still there for its owner
    assertThat(bus.request(ChatBus.GET, new JsonObject().put("userId", alice.toString()).put("conversationId", id))
        .getJsonObject("conversation").getString("id")).isEqualTo(id);
  }

  @Test
  void anEmptyQuestionIsA400() {
    String id = create(alice, "Empty").getString("id");

    Failure failure = bus.failure(ChatBus.ASK, new JsonObject().put("userId", alice.toString()).put("conversationId", id)
        .put("content", "   "));

    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.code()).isEqualTo(Failure.INVALID_INPUT);
  }

  @Test
  void aSummaryFollowsThePartsItIsGivenAndPartsOutsideThePassagesAre400() {
    JsonArray passages = new JsonArray();
    List<String> part = List.of(
        "Trace trees record the hot loops of a program as they run.",
        "Each recorded trace covers one path through a loop with one mapping of values to types.",
        "The recorder stops when execution returns to the loop header.",
        "Garbage collection reclaims the memory of objects no longer reachable from the program.",
        "The collector runs when the allocation budget of the heap is spent.",
        "Objects that survive a collection are moved to an older generation of the heap.");
    part.forEach(text -> passages.add(new JsonObject().put("text", text).put("locator", "p. 1")));
    JsonObject request = new JsonObject().put("title", "A paper").put("kind", "document").put("passages", passages)
        .put("maxWords", 30).put("sections", new JsonArray()
            .add(new JsonObject().put("title", "1. Tracing").put("firstPassage", 0))
            .add(new JsonObject().put("title", "2. Memory").put("firstPassage", 3)));

    String summary = bus.request(ChatBus.SUMMARIZE, request).getString("summary");

    // one sentence of each part, the first part's first
    List<String> sentences = List.of(summary.split("(?<=\\.) "));
    assertThat(sentences).hasSize(2);
    assertThat(part.subList(0, 3)).contains(sentences.get(0));
    assertThat(part.subList(3, 6)).contains(sentences.get(1));
    Failure outside = bus.failure(ChatBus.SUMMARIZE, request.copy().put("sections", new JsonArray()
        .add(new JsonObject().put("title", "1. Tracing").put("firstPassage", 0))
        .add(new JsonObject().put("title", "2. Memory").put("firstPassage", 6))));
    assertThat(outside.status()).isEqualTo(400);
  }
}
