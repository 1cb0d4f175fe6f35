package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.testing.BusHarness;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retrieval verticle with no embedding node on the bus: its vector backend cannot be opened
 * (it needs the model's dimension), yet a text search needs no model and still answers, from
 * PostgreSQL, while vector search says why it cannot.
 */
class TextSearchWithoutEmbeddingTest {

  private static BusHarness bus;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("vector-backend", "lucene"));
    bus.deploy(new RetrievalVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  @Test
  void textSearchAnswersWhileNoEmbeddingNodeDoes() {
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    // a source and its chunks indexed earlier, while a model was there
    bus.sql("INSERT INTO search_sources (source_id, user_id, kind, title) VALUES ($1, $2, 'text', 'Field notes')", source, user);
    UUID chunk = UUID.randomUUID();
    bus.sql("INSERT INTO chunks (id, source_id, user_id, seq, text, token_count) VALUES ($1, $2, $3, 0, $4, 8)",
        chunk, source, user, "Lichens grow slowly on north-facing stones.");

    JsonObject reply = bus.request(RetrievalBus.SEARCH, new JsonObject().put("userId", user.toString())
        .put("query", "where do lichens grow").put("mode", "text"));

    assertThat(reply.getJsonArray("results").getJsonObject(0).getString("chunkId")).isEqualTo(chunk.toString());
    assertThat(bus.failure(RetrievalBus.SEARCH, new JsonObject().put("userId", user.toString())
        .put("query", "where do lichens grow").put("mode", "vector")).status()).isGreaterThanOrEqualTo(500);
  }
}
