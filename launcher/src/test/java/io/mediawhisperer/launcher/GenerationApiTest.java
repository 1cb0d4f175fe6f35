package io.mediawhisperer.launcher;

import static io.mediawhisperer.launcher.IngestionApiTest.CORPUS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Content generation over HTTP: the four content types from real sources, a user's template
 * overriding the default and falling back when deleted, another user's template invisible, and
 * a content type added by dropping the example plugin's jar into the plugins directory and
 * restarting the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenerationApiTest {

  /** Built by the reactor before the launcher; never on the server's classpath. */
  static final Path EXAMPLE_PLUGIN = Path.of("..", "examples", "content-tldr", "target",
      "mw-example-content-tldr-0.1.0-SNAPSHOT.jar");

  private Path dataDir;
  private Path pluginsDir;
  private int port;
  private Node node;
  private ApiClient api;
  private String alice;
  private String bob;
  private String paper;

  @BeforeAll
  void start() throws Exception {
    dataDir = Files.createTempDirectory("mw-generation-test");
    pluginsDir = Files.createDirectories(dataDir.resolve("plugins"));
    port = Ports.free();
    node = startNode();
    api = new ApiClient(port);
    alice = api.newUser("alice");
    bob = api.newUser("bob");
    paper = api.ingested(alice, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null);
  }

  private Node startNode() throws Exception {
    return Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "plugins-dir", pluginsDir.toString())));
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  private JsonObject generate(String token, JsonObject request) {
    HttpResponse<Buffer> generated = api.post(token, "/api/v1/generate", request);
    assertThat(generated.statusCode()).as(generated.bodyAsString()).isEqualTo(200);
    return generated.bodyAsJsonObject();
  }

  private List<String> contentTypes() {
    return api.get(alice, "/api/v1/content-types").bodyAsJsonObject().getJsonArray("items").stream()
        .map(t -> ((JsonObject) t).getString("type")).toList();
  }

  @Test
  void eachOfTheFourContentTypesIsWrittenFromTheUsersSourcesAndCitesThem() {
    assertThat(contentTypes()).contains("linkedin", "x-thread", "blog", "newsletter");
    for (String type : List.of("linkedin", "x-thread", "blog", "newsletter")) {
      JsonObject out = generate(alice, new JsonObject().put("type", type).put("topic", "trace-based just-in-time compilation")
          .put("sourceIds", new JsonArray().add(paper)));
      String content = out.getString("content");
      assertThat(content).as(type).isNotBlank().doesNotContain("{{").contains("[1]");
      JsonArray sources = out.getJsonArray("sources");
      assertThat(sources).as(type).isNotEmpty();
      assertThat(sources.getJsonObject(0).getString("sourceId")).isEqualTo(paper);
      // the first source is cited with its page
      assertThat(content).as(type).contains("p. " + sources.getJsonObject(0).getInteger("pageNumber"));
      JsonObject template = api.get(alice, "/api/v1/templates?type=" + type).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
      assertThat(template.getBoolean("isDefault")).isTrue();
      assertThat(out.getString("templateId")).isEqualTo(template.getString("id"));
    }
    JsonObject thread = generate(alice, new JsonObject().put("type", "x-thread").put("topic", "trace trees"));
    for (String post : thread.getString("content").split("\n\n")) {
      if (!post.startsWith("Sources:")) {
        assertThat(post.length()).as(post).isLessThanOrEqualTo(280 + 60); // hashtags follow the last post
      }
    }
  }

  @Test
  void anOwnTemplateOverridesTheDefaultUntilItIsDeleted() {
    HttpResponse<Buffer> created = api.post(alice, "/api/v1/templates", new JsonObject().put("type", "linkedin").put("name", "Short")
        .put("content", "MINE: {{ topic }} | {% for p in key_points %}{{ loop.index + 1 }}) {{ p }} {% endfor %}| {{ hashtags | join(' ') }}"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject template = created.bodyAsJsonObject();
    assertThat(template.getJsonArray("variables")).containsExactly("topic", "key_points", "hashtags");
    assertThat(template.getBoolean("owned")).isTrue();
    assertThat(template.getBoolean("isDefault")).isFalse();

    JsonArray listed = api.get(alice, "/api/v1/templates?type=linkedin").bodyAsJsonObject().getJsonArray("items");
    assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(template.getString("id"));
    assertThat(listed.getJsonObject(listed.size() - 1).getBoolean("isDefault")).isTrue();

    JsonObject mine = generate(alice, new JsonObject().put("type", "linkedin").put("topic", "trace trees"));
    assertThat(mine.getString("content")).startsWith("MINE: trace trees | 1) ");
    assertThat(mine.getString("templateId")).isEqualTo(template.getString("id"));

    // bob neither sees nor uses nor changes alice's template
    assertThat(api.get(bob, "/api/v1/templates?type=linkedin").bodyAsJsonObject().getJsonArray("items").stream()
        .map(t -> ((JsonObject) t).getString("id")).toList()).doesNotContain(template.getString("id"));
    String path = "/api/v1/templates/" + template.getString("id");
    assertThat(api.delete(bob, path).statusCode()).isEqualTo(404);
    assertThat(api.post(bob, "/api/v1/generate", new JsonObject().put("type", "linkedin").put("topic", "x")
        .put("templateId", template.getString("id"))).statusCode()).isIn(404, 422);

    HttpResponse<Buffer> changed = api.put(alice, path, new JsonObject().put("content", "CHANGED {{ topic }}"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(generate(alice, new JsonObject().put("type", "linkedin").put("topic", "trace trees")).getString("content"))
        .isEqualTo("CHANGED trace trees");

    assertThat(api.delete(alice, path).statusCode()).isEqualTo(204);
    JsonObject fallback = generate(alice, new JsonObject().put("type", "linkedin").put("topic", "trace trees"));
    assertThat(fallback.getString("content")).doesNotStartWith("CHANGED").contains("#");
    assertThat(api.get(alice, "/api/v1/templates?type=linkedin").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  void badTemplatesAndRequestsAreRefusedClearly() {
    HttpResponse<Buffer> broken = api.post(alice, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Broken")
        .put("content", "{% for s in sections %}{{ s.heading }"));
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("template_invalid");
    assertThat(api.post(alice, "/api/v1/templates", new JsonObject().put("type", "sonnet").put("name", "x").put("content", "{{ a }}"))
        .statusCode()).isEqualTo(400);
    // (carol's templates, so alice's generation keeps using the defaults)
    String carol = api.newUser("carol");
    JsonObject ok = new JsonObject().put("type", "blog").put("name", "Twice").put("content", "{{ title }}");
    assertThat(api.post(carol, "/api/v1/templates", ok).statusCode()).isEqualTo(201);
    assertThat(api.post(carol, "/api/v1/templates", ok).statusCode()).isEqualTo(409);
    // a default is not the user's to change
    String defaultId = api.get(alice, "/api/v1/templates?type=newsletter").bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0).getString("id");
    assertThat(api.delete(alice, "/api/v1/templates/" + defaultId).statusCode()).isEqualTo(404);
    assertThat(api.post(alice, "/api/v1/generate", new JsonObject().put("type", "blog")).statusCode()).isEqualTo(400);
    assertThat(api.post(alice, "/api/v1/generate", new JsonObject().put("type", "blog").put("topic", "x")
        .put("sourceIds", new JsonArray().add(paper))).statusCode()).isEqualTo(200);
    assertThat(api.post(bob, "/api/v1/generate", new JsonObject().put("type", "blog").put("topic", "x")
        .put("sourceIds", new JsonArray().add(paper))).statusCode()).isEqualTo(404);
    // bob has no sources at all: nothing to write from
    HttpResponse<Buffer> empty = api.post(bob, "/api/v1/generate", new JsonObject().put("type", "blog").put("topic", "trace trees"));
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("nothing_to_write_from");
  }

  /**
   * Issue 11, finding 3: a template that loops 15,000 x 15,000 times per passage used to pin the
   * generation workers (about 30 s a render; four at once held up everyone's generation). Now it
   * is refused with 422 as soon as it passes its budget, and another user's generation is not held
   * up. A template whose cost shows only with real values passes the save-time check, so the
   * budget at generation time is what stops it.
   */
  @Test
  void anExpensiveTemplateIsRefusedQuicklyAndDoesNotHoldUpAnotherUsersGeneration() throws Exception {
    String eve = api.newUser("eve");
    String eveSource = api.ingested(eve, CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null);
    String dave = api.newUser("dave");
    String daveSource = api.ingested(dave, CORPUS.resolve("transcripts/podcast-no-blank-lines.vtt"), null);

    // the same loops over nothing but numbers are refused when saved
    HttpResponse<Buffer> refused = api.post(eve, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Squares")
        .put("content", "{% for i in range(1, 15000) %}{% for j in range(1, 15000) %}.{% endfor %}{% endfor %}"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("template_too_expensive");

    HttpResponse<Buffer> created = api.post(eve, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Heavy")
        .put("content", "{% for s in sources %}{% for i in range(1, 15000) %}{% for j in range(1, 15000) %}{% endfor %}"
            + "{% endfor %}{% endfor %}{{ topic }}"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String heavy = created.bodyAsJsonObject().getString("id");
    JsonObject request = new JsonObject().put("type", "blog").put("topic", "trace trees").put("templateId", heavy)
        .put("sourceIds", new JsonArray().add(eveSource));

    long started = System.nanoTime();
    List<io.vertx.core.Future<HttpResponse<Buffer>>> attacks = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      attacks.add(api.web.post("/api/v1/generate").bearerTokenAuthentication(eve).sendJsonObject(request));
    }
    long daveStarted = System.nanoTime();
    HttpResponse<Buffer> daves = api.post(dave, "/api/v1/generate", new JsonObject().put("type", "linkedin").put("topic", "the podcast")
        .put("sourceIds", new JsonArray().add(daveSource)));
    long daveMs = (System.nanoTime() - daveStarted) / 1_000_000;
    assertThat(daves.statusCode()).as(daves.bodyAsString()).isEqualTo(200);
    for (var attack : attacks) {
      HttpResponse<Buffer> answer = io.mediawhisperer.testing.Await.result(attack);
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(422);
      JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("template_too_expensive");
      assertThat(error.getString("message")).contains("template-max-iterations");
    }
    long attacksMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("four 15,000^2 renders refused after %d ms; the other user's generation took %d ms%n", attacksMs, daveMs);
    assertThat(daveMs).as("the other user's generation (generous bound)").isLessThan(15_000);
    assertThat(attacksMs).as("the refusals (generous bound)").isLessThan(15_000);
  }

  /** Issue 11, finding 3: a self-recursive macro used to be a 500 (a stack overflow); it is the template's fault, a 400. */
  @Test
  void aSelfRecursiveMacroIsRefusedAsAnInvalidTemplate() throws Exception {
    HttpResponse<Buffer> refused = api.post(alice, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Forever")
        .put("content", "{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("template_invalid");

    // recursion that needs values to start passes the save, and is refused when it runs
    String frank = api.newUser("frank");
    HttpResponse<Buffer> created = api.post(frank, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Later")
        .put("content", "{% macro again(n) %}{{ again(n) }}{% endmacro %}{% for s in sources %}{{ again(s) }}{% endfor %}"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    String frankSource = api.ingested(frank, CORPUS.resolve("transcripts/podcast-no-blank-lines.vtt"), null);
    HttpResponse<Buffer> failed = api.post(frank, "/api/v1/generate", new JsonObject().put("type", "blog").put("topic", "the podcast")
        .put("templateId", created.bodyAsJsonObject().getString("id")).put("sourceIds", new JsonArray().add(frankSource)));
    assertThat(failed.statusCode()).as(failed.bodyAsString()).isEqualTo(400);
    assertThat(failed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("template_invalid");
  }

  @Test
  void aJarDroppedIntoThePluginsDirectoryAddsAContentTypeAfterARestart() throws Exception {
    assertThat(EXAMPLE_PLUGIN).as("the example plugin is built before the launcher").exists();
    assertThat(contentTypes()).doesNotContain("tldr");
    Files.copy(EXAMPLE_PLUGIN, pluginsDir.resolve(EXAMPLE_PLUGIN.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    node.close();
    node = startNode();
    try {
      assertThat(contentTypes()).contains("tldr", "linkedin");
      JsonObject out = generate(alice, new JsonObject().put("type", "tldr").put("topic", "trace trees")
          .put("sourceIds", new JsonArray().add(paper)));
      assertThat(out.getString("content")).startsWith("TL;DR — trace trees").contains("passages read)");
      assertThat(out.getJsonArray("sources")).isNotEmpty();
    } finally {
      Files.delete(pluginsDir.resolve(EXAMPLE_PLUGIN.getFileName()));
    }
  }
}
