package io.mediawhisperer.generation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.mediawhisperer.bus.IngestionBus;
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
 * The generation verticle alone with the built-in content types and the extractive chat model,
 * driven through {@link GenerationBus}. Retrieval is a fake that finds two known passages of
 * alice's handbook for any topic but {@link #NOTHING}, so what the content cites is known.
 */
class GenerationVerticleTest {

  private static final String NOTHING = "a topic none of the sources covers";
  private static final String LAPTOPS = "New employees receive their laptops from the IT desk on their first Monday.";
  private static final String BADGES = "Access badges are printed by reception and activated within one working day.";

  private static BusHarness bus;
  private static BusHarness.Fake retrieval;
  private static UUID alice;
  private static UUID bob;
  private static UUID alicesHandbook;

  @BeforeAll
  static void deploy() {
    bus = BusHarness.start(new JsonObject().put("chat-provider", "extractive"));
    retrieval = bus.fake(RetrievalBus.SEARCH, request -> new JsonObject()
        .put("mode", request.getString("mode"))
        .put("tookMs", 1)
        .put("results", NOTHING.equals(request.getString("query")) ? new JsonArray() : new JsonArray()
            .add(hit(LAPTOPS, 3, 0.9))
            .add(hit(BADGES, 4, 0.7))));
    alice = user();
    bob = user();
    alicesHandbook = UUID.randomUUID();
    // ingestion, which owns sources, knows the handbook as Alice's
    bus.fake(IngestionBus.CHECK_SCOPE, request -> request.getString("userId").equals(alice.toString())
        && request.getJsonArray("sourceIds", new JsonArray()).stream().allMatch(alicesHandbook.toString()::equals)
        ? new JsonObject() : Failure.notFound("source not found"));
    bus.deploy(new GenerationVerticle());
  }

  @AfterAll
  static void close() {
    bus.close();
  }

  private static JsonObject hit(String text, int page, double score) {
    return new JsonObject().put("chunkId", UUID.randomUUID().toString()).put("sourceId", alicesHandbook.toString())
        .put("sourceTitle", "Onboarding handbook").put("kind", "pdf").put("text", text).put("score", score).put("pageNumber", page);
  }

  private static UUID user() {
    return bus.sql("INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id",
        "generation-" + UUID.randomUUID() + "@example.org").get(0).getUUID(0);
  }

  private static JsonObject as(UUID user) {
    return new JsonObject().put("userId", user.toString());
  }

  private static JsonObject generate(UUID user, String type, String topic) {
    return bus.request(GenerationBus.GENERATE, as(user).put("type", type).put("topic", topic));
  }

  private static List<JsonObject> templates(UUID user, String type) {
    return bus.request(GenerationBus.TEMPLATES, as(user).put("type", type)).getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();
  }

  @Test
  void theBuiltInContentTypesAreOfferedWithTheirVariables() {
    List<JsonObject> types = bus.request(GenerationBus.CONTENT_TYPES, as(alice)).getJsonArray("items").stream()
        .map(JsonObject.class::cast).toList();

    assertThat(types).extracting(t -> t.getString("type")).contains("linkedin", "x-thread", "blog", "newsletter");
    JsonObject linkedin = types.stream().filter(t -> t.getString("type").equals("linkedin")).findFirst().orElseThrow();
    assertThat(linkedin.getJsonArray("variables").stream().map(v -> ((JsonObject) v).getString("name")).toList())
        .contains("topic", "key_points", "hashtags", "sources");
  }

  @Test
  void contentIsRenderedFromWhatRetrievalFoundInTheUsersSourcesAndCitesIt() {
    JsonObject out = bus.request(GenerationBus.GENERATE, as(alice).put("type", "linkedin").put("topic", "laptops for new employees")
        .put("sourceIds", new JsonArray().add(alicesHandbook.toString())));

    JsonObject search = retrieval.last();
    assertThat(search.getString("userId")).isEqualTo(alice.toString());
    assertThat(search.getString("query")).isEqualTo("laptops for new employees");
    assertThat(search.getJsonArray("sourceIds")).containsExactly(alicesHandbook.toString());
    String content = out.getString("content");
    assertThat(content).doesNotContain("{{").doesNotContain("{%")
        .contains("[1] Onboarding handbook, p. 3").contains("[2] Onboarding handbook, p. 4").containsIgnoringCase("laptops");
    assertThat(out.getJsonArray("sources").getJsonObject(0).getString("text")).isEqualTo(LAPTOPS);
    JsonObject defaultTemplate = templates(alice, "linkedin").getLast();
    assertThat(defaultTemplate.getBoolean("isDefault")).isTrue();
    assertThat(out.getString("templateId")).isEqualTo(defaultTemplate.getString("id"));
  }

  @Test
  void anOwnTemplateIsUsedListedAndChangedByItsOwnerOnly() {
    JsonObject template = bus.request(GenerationBus.TEMPLATE_CREATE, as(alice).put("type", "blog").put("name", "Short")
        .put("content", "MINE: {{ topic }} | {% for s in sources %}[{{ s.marker }}] {{ s.citation }}; {% endfor %}")).getJsonObject("template");
    String id = template.getString("id");
    assertThat(template.getJsonArray("variables")).containsExactly("topic", "sources");
    assertThat(template.getBoolean("owned")).isTrue();
    assertThat(template.getBoolean("isDefault")).isFalse();
    assertThat(templates(alice, "blog")).extracting(t -> t.getString("id")).first().isEqualTo(id);
    assertThat(generate(alice, "blog", "badges").getString("content"))
        .isEqualTo("MINE: badges | [1] Onboarding handbook, p. 3; [2] Onboarding handbook, p. 4;");

    // bob neither sees, changes, deletes nor writes with it: to him it does not exist
    assertThat(templates(bob, "blog")).extracting(t -> t.getString("id")).doesNotContain(id);
    int searches = retrieval.received().size();
    for (Failure failure : List.of(
        bus.failure(GenerationBus.TEMPLATE_UPDATE, as(bob).put("templateId", id).put("content", "BOB {{ topic }}")),
        bus.failure(GenerationBus.TEMPLATE_DELETE, as(bob).put("templateId", id)),
        bus.failure(GenerationBus.GENERATE, as(bob).put("type", "blog").put("topic", "badges").put("templateId", id)))) {
      assertThat(failure.status()).isEqualTo(404);
      assertThat(failure.code()).isEqualTo(Failure.NOT_FOUND);
    }
    assertThat(retrieval.received()).as("nothing is searched for a template the caller cannot use").hasSize(searches);

    JsonObject changed = bus.request(GenerationBus.TEMPLATE_UPDATE, as(alice).put("templateId", id).put("content", "CHANGED {{ topic }}"))
        .getJsonObject("template");
    assertThat(changed.getString("name")).isEqualTo("Short");
    assertThat(changed.getJsonArray("variables")).containsExactly("topic");
    assertThat(generate(alice, "blog", "badges").getString("content")).isEqualTo("CHANGED badges");

    assertThat(bus.request(GenerationBus.TEMPLATE_DELETE, as(alice).put("templateId", id))).isEmpty();
    assertThat(templates(alice, "blog")).hasSize(1).allMatch(t -> t.getBoolean("isDefault"));
    assertThat(generate(alice, "blog", "badges").getString("content")).doesNotStartWith("CHANGED");
    assertThat(bus.failure(GenerationBus.TEMPLATE_DELETE, as(alice).put("templateId", id)).status()).isEqualTo(404);
  }

  @Test
  void defaultsAreNobodysToChangeAndANameIsUsedOncePerType() {
    String defaultId = templates(alice, "newsletter").getFirst().getString("id");
    Failure delete = bus.failure(GenerationBus.TEMPLATE_DELETE, as(alice).put("templateId", defaultId));
    assertThat(delete.status()).isEqualTo(404);
    assertThat(bus.failure(GenerationBus.TEMPLATE_UPDATE, as(alice).put("templateId", defaultId).put("content", "{{ topic }}"))
        .status()).isEqualTo(404);
    assertThat(templates(alice, "newsletter").getFirst().getString("content")).isNotEqualTo("{{ topic }}");

    JsonObject twice = as(bob).put("type", "x-thread").put("name", "Twice").put("content", "{{ topic }}");
    bus.request(GenerationBus.TEMPLATE_CREATE, twice.copy());
    Failure duplicate = bus.failure(GenerationBus.TEMPLATE_CREATE, twice.copy());
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.code()).isEqualTo(GenerationBus.TEMPLATE_EXISTS);
  }

  @Test
  void aBadTemplateIsRefusedWithTheReasonAndNotStored() {
    Failure broken = create(bob, "Broken", "{% for s in sources %}{{ s.title }");
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.code()).isEqualTo(GenerationBus.TEMPLATE_INVALID);
    assertThat(broken.message()).contains("does not compile");

    Failure recursive = create(bob, "Forever", "{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}");
    assertThat(recursive.status()).isEqualTo(400);
    assertThat(recursive.code()).isEqualTo(GenerationBus.TEMPLATE_INVALID);

    Failure expensive = create(bob, "Squares", "{% for i in range(1, 15000) %}{% for j in range(1, 15000) %}.{% endfor %}{% endfor %}");
    assertThat(expensive.status()).isEqualTo(422);
    assertThat(expensive.code()).isEqualTo(GenerationBus.TEMPLATE_TOO_EXPENSIVE);

    Failure unknownType = bus.failure(GenerationBus.TEMPLATE_CREATE, as(bob).put("type", "sonnet").put("name", "x").put("content", "{{ a }}"));
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.code()).isEqualTo(Failure.INVALID_INPUT);
    assertThat(unknownType.message()).contains("sonnet").contains("linkedin");

    assertThat(templates(bob, "blog")).extracting(t -> t.getString("name")).doesNotContain("Broken", "Forever", "Squares");
  }

  private static Failure create(UUID user, String name, String content) {
    return bus.failure(GenerationBus.TEMPLATE_CREATE, as(user).put("type", "blog").put("name", name).put("content", content));
  }

  @Test
  void anotherUsersSourcesAreNotFoundAndNothingFoundIsSaid() {
    int searches = retrieval.received().size();
    Failure foreign = bus.failure(GenerationBus.GENERATE, as(bob).put("type", "blog").put("topic", "badges")
        .put("sourceIds", new JsonArray().add(alicesHandbook.toString())));
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.code()).isEqualTo(Failure.NOT_FOUND);
    assertThat(retrieval.received()).as("nothing is searched in sources that are not the caller's").hasSize(searches);

    Failure empty = bus.failure(GenerationBus.GENERATE, as(alice).put("type", "blog").put("topic", NOTHING));
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.code()).isEqualTo("nothing_to_write_from");
  }

  @Test
  void aRequestWithoutItsFieldsIsA400() {
    for (JsonObject request : List.of(as(alice).put("type", "blog"), as(alice).put("type", "blog").put("topic", "   "),
        new JsonObject().put("type", "blog").put("topic", "badges"), as(alice).put("type", "haiku").put("topic", "badges"))) {
      Failure failure = bus.failure(GenerationBus.GENERATE, request);
      assertThat(failure.status()).as(request.encode()).isEqualTo(400);
      assertThat(failure.code()).as(request.encode()).isEqualTo(Failure.INVALID_INPUT);
    }
  }
}
