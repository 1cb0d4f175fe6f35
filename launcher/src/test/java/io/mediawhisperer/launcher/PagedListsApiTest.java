package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two lists that once came back whole (issue 11, finding 5: "every list is paginated"): a
 * user's templates, and a conversation's messages. Each is walked page by page to its end, and
 * the walk must give every item exactly once, in the order the whole list had.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagedListsApiTest {

  private static final List<String> TYPES = List.of("linkedin", "x-thread", "blog", "newsletter");

  private Node node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-paged-lists-test").toString(),
        // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  /** Every item of a list, following {@code nextCursor} from the first page to the last. */
  private List<JsonObject> walk(String token, String path, Integer limit) {
    List<JsonObject> items = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String query = (limit == null ? "" : "limit=" + limit + "&")
          + (cursor == null ? "" : "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<Buffer> page = api.get(token, path + (path.contains("?") ? "&" : "?") + query);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      JsonArray pageItems = page.bodyAsJsonObject().getJsonArray("items");
      assertThat(pageItems.size()).as("page %d of %s", pages, path).isLessThanOrEqualTo(limit == null ? 50 : limit);
      pageItems.forEach(item -> items.add((JsonObject) item));
      cursor = page.bodyAsJsonObject().getString("nextCursor");
      assertThat(cursor == null || !pageItems.isEmpty()).as("a cursor after an empty page").isTrue();
      assertThat(++pages).as("pages of %s", path).isLessThan(1_000);
    } while (cursor != null);
    return items;
  }

  private static List<String> ids(List<JsonObject> items) {
    return items.stream().map(item -> item.getString("id")).toList();
  }

  @Test
  void aUserWith120TemplatesPagesThroughThemAllOnceOwnFirstThenTheDefaults() {
    String carol = api.newUser("carol");
    String bob = api.newUser("bob");
    Set<String> created = new HashSet<>();
    for (int n = 0; n < 120; n++) {
      HttpResponse<Buffer> template = api.post(carol, "/api/v1/templates", new JsonObject()
          .put("type", TYPES.get(n % TYPES.size())).put("name", "Template " + n).put("content", "{{ topic }} #" + n));
      assertThat(template.statusCode()).as(template.bodyAsString()).isEqualTo(201);
      created.add(template.bodyAsJsonObject().getString("id"));
    }
    String bobs = api.post(bob, "/api/v1/templates", new JsonObject().put("type", "blog").put("name", "Bob's")
        .put("content", "{{ topic }}")).bodyAsJsonObject().getString("id");

    List<JsonObject> all = walk(carol, "/api/v1/templates", null);
    List<String> ids = ids(all);
    assertThat(new HashSet<>(ids)).as("no duplicates").hasSameSizeAs(ids);
    List<JsonObject> own = all.stream().filter(t -> t.getBoolean("owned")).toList();
    List<JsonObject> defaults = all.stream().filter(t -> t.getBoolean("isDefault")).toList();
    assertThat(new HashSet<>(ids(own))).as("no gaps").isEqualTo(created);
    assertThat(defaults.stream().map(t -> t.getString("type")).toList()).containsAll(TYPES);
    assertThat(own.size() + defaults.size()).as("nothing but carol's and the defaults").isEqualTo(all.size());
    assertThat(ids).doesNotContain(bobs);
    // the whole list's order: the caller's own first (by type, newest first within one), then the defaults
    assertThat(all.subList(0, own.size())).isEqualTo(own);
    List<JsonObject> sortedOwn = new ArrayList<>(own);
    sortedOwn.sort((a, b) -> a.getString("type").equals(b.getString("type"))
        ? b.getString("updatedAt").compareTo(a.getString("updatedAt"))
        : a.getString("type").compareTo(b.getString("type")));
    assertThat(ids(own)).isEqualTo(ids(sortedOwn));

    // small pages walk the same list in the same order
    assertThat(ids(walk(carol, "/api/v1/templates", 7))).isEqualTo(ids);
    assertThat(ids(walk(carol, "/api/v1/templates", 200))).isEqualTo(ids);
    // a type filter pages too: carol's 30 blog templates, then the blog default
    List<JsonObject> blogs = walk(carol, "/api/v1/templates?type=blog", 8);
    assertThat(blogs).hasSize(31).allMatch(t -> t.getString("type").equals("blog"));
    assertThat(blogs.get(30).getBoolean("isDefault")).isTrue();
    assertThat(ids(blogs)).isEqualTo(ids(all.stream().filter(t -> t.getString("type").equals("blog")).toList()));

    // a cursor of another list (the newest-first kind conversations use) is not one of this list's
    String foreignCursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "2024-01-01T00:00Z|00000000-0000-0000-0000-000000000000".getBytes(StandardCharsets.UTF_8));
    for (String bad : List.of("limit=0", "limit=201", "limit=ten", "cursor=not-a-cursor", "cursor=" + foreignCursor)) {
      HttpResponse<Buffer> refused = api.get(carol, "/api/v1/templates?" + bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).as(bad).isEqualTo("invalid_input");
    }
  }

  @Test
  void aLongConversationShowsItsLatestMessagesAndPagesThroughItsWholeHistory() {
    String dave = api.newUser("dave");
    String id = api.post(dave, "/api/v1/conversations", new JsonObject().put("title", "Long")).bodyAsJsonObject().getString("id");
    List<String> asked = new ArrayList<>(); // every message's id, oldest first
    for (int n = 0; n < 35; n++) {
      HttpResponse<Buffer> answered = api.post(dave, "/api/v1/conversations/" + id + "/messages",
          new JsonObject().put("content", "Question number " + n + "?"));
      assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
      asked.add(answered.bodyAsJsonObject().getJsonObject("userMessage").getString("id"));
      asked.add(answered.bodyAsJsonObject().getJsonObject("message").getString("id"));
    }

    // the conversation carries its 50 latest messages, oldest first, and a cursor to the older ones
    JsonObject conversation = api.get(dave, "/api/v1/conversations/" + id).bodyAsJsonObject();
    List<JsonObject> latest = conversation.getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
    assertThat(ids(latest)).isEqualTo(asked.subList(20, 70));
    String older = conversation.getString("messagesCursor");
    assertThat(older).isNotNull();
    List<JsonObject> rest = walk(dave, "/api/v1/conversations/" + id + "/messages?cursor="
        + URLEncoder.encode(older, StandardCharsets.UTF_8), null);
    List<String> restIds = new ArrayList<>(ids(rest));
    Collections.reverse(restIds);
    assertThat(restIds).as("the older messages, newest first").isEqualTo(asked.subList(0, 20));

    // the whole history, newest first, in pages of any size
    List<String> newestFirst = new ArrayList<>(asked);
    Collections.reverse(newestFirst);
    for (Integer limit : new Integer[] {null, 1, 13, 200}) {
      assertThat(ids(walk(dave, "/api/v1/conversations/" + id + "/messages", limit))).as("limit %s", limit).isEqualTo(newestFirst);
    }
    JsonObject first = walk(dave, "/api/v1/conversations/" + id + "/messages", 200).get(69);
    assertThat(first.getString("role")).isEqualTo("user");
    assertThat(first.getString("content")).isEqualTo("Question number 0?");

    // a short conversation has all its messages and no cursor; another user's history is not found
    String shortOne = api.post(dave, "/api/v1/conversations", new JsonObject()).bodyAsJsonObject().getString("id");
    api.post(dave, "/api/v1/conversations/" + shortOne + "/messages", new JsonObject().put("content", "Hello?"));
    JsonObject small = api.get(dave, "/api/v1/conversations/" + shortOne).bodyAsJsonObject();
    assertThat(small.getJsonArray("messages")).hasSize(2);
    assertThat(small.containsKey("messagesCursor")).isTrue();
    assertThat(small.getString("messagesCursor")).isNull();
    String eve = api.newUser("eve");
    HttpResponse<Buffer> foreign = api.get(eve, "/api/v1/conversations/" + id + "/messages");
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(foreign.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    HttpResponse<Buffer> badCursor = api.get(dave, "/api/v1/conversations/" + id + "/messages?cursor=nonsense");
    assertThat(badCursor.statusCode()).isEqualTo(400);
  }
}
