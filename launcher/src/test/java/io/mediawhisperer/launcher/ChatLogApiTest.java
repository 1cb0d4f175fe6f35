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
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chat-log library over HTTP on a whole node with the real readers, model, index and chat:
 * exports uploaded as the services hand them out, the library's endpoints, search and a RAG answer
 * that cites the message, and every id of another user's a 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatLogApiTest {

  private static final Path CHAT = CORPUS.resolve("chat");
  /** The readers' own fixtures, written from the field notes (../shared/corpus/chat/FORMATS.md), in their plugins' test resources. */
  private static final Path PLUGINS = Path.of("..", "plugins");

  private Node node;
  private ApiClient api;
  private String alice;
  private String bob;

  @BeforeAll
  void start() throws Exception {
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-chat-log-test").toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url())));
    api = new ApiClient(port);
    alice = api.newUser("alice");
    bob = api.newUser("bob");
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  /** Uploads an export and waits for its import; returns the finished job. */
  private JsonObject imported(String token, Path file) throws InterruptedException {
    HttpResponse<Buffer> accepted = api.upload(token, file, null);
    assertThat(accepted.statusCode()).as(file + ": " + accepted.bodyAsString()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject().getJsonArray("sources")).isEmpty();
    assertThat(accepted.bodyAsJsonObject().getJsonObject("job").getString("type")).isEqualTo("chat_import");
    return api.completed(token, accepted);
  }

  private List<JsonObject> chatLogs(String token, String platform) {
    return api.get(token, "/api/v1/sources?kind=chat_log&limit=100").bodyAsJsonObject().getJsonArray("items").stream()
        .map(JsonObject.class::cast).filter(s -> platform == null || platform.equals(s.getString("platform"))).toList();
  }

  private JsonObject chatLog(String token, String titleStart) {
    return chatLogs(token, null).stream().filter(s -> s.getString("title").startsWith(titleStart)).findFirst().orElseThrow();
  }

  @Test
  void aChatGptExportBecomesChatLogsWhoseMessagesAreSearchedAndCitedByTheirIndex() throws Exception {
    JsonObject job = imported(alice, CHAT.resolve("chatgpt-export.json"));
    assertThat(job.getJsonObject("result").getMap()).containsEntry("platform", "chatgpt").containsEntry("created", 2);

    JsonObject search = chatLog(alice, "Conversation 1. Web Search");
    assertThat(search.getString("status")).isEqualTo("completed");
    assertThat(search.getInteger("chunkCount")).isPositive();
    JsonArray messages = api.get(alice, "/api/v1/sources/" + search.getString("id") + "/messages?limit=100").bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role"))).contains("user", "assistant", "tool").doesNotContain("system");
    assertThat(messages.getJsonObject(0).getString("content")).startsWith("What is the fuel consumption of vw");

    JsonObject intervals = chatLog(alice, "Conversation 2");
    String id = intervals.getString("id");
    JsonArray hits = api.post(alice, "/api/v1/search", new JsonObject().put("query", "C# code to find where all intervals intersect")
        .put("sourceIds", new JsonArray().add(id))).bodyAsJsonObject().getJsonArray("results");
    assertThat(hits).isNotEmpty();
    JsonObject hit = hits.getJsonObject(0);
    assertThat(hit.getString("kind")).isEqualTo("chat_log");
    assertThat(hit.getInteger("messageIndex")).isNotNull();
    assertThat(hit.getString("url")).isEqualTo("/api/v1/sources/" + id + "#m=" + hit.getInteger("messageIndex"));

    // a RAG answer over the chat log cites a message of it
    String conversation = api.post(alice, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray().add(id)))
        .bodyAsJsonObject().getString("id");
    JsonObject answer = api.post(alice, "/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("content", "How do I find the point where all intervals intersect?")).bodyAsJsonObject().getJsonObject("message");
    JsonObject metadata = answer.getJsonObject("metadata");
    assertThat(metadata.getJsonArray("citations")).isNotEmpty();
    JsonObject cited = metadata.getJsonArray("sources").getJsonObject(metadata.getJsonArray("citations").getInteger(0) - 1);
    assertThat(cited.getString("sourceId")).isEqualTo(id);
    assertThat(cited.getInteger("messageIndex")).isBetween(0, 3);

    JsonArray found = api.get(alice, "/api/v1/chat-logs/search?q=intervals%20intersect").bodyAsJsonObject().getJsonArray("items");
    assertThat(found).isNotEmpty();
    assertThat(found.getJsonObject(0).getString("snippet")).contains("<mark>");
  }

  @Test
  void everyFormatImportsFromTheFileTheServiceHandsOut() throws Exception {
    String carol = api.newUser("carol");
    Map<Path, String> exports = Map.ofEntries(
        Map.entry(CHAT.resolve("chatgpt-tree.json"), "chatgpt"),
        Map.entry(CHAT.resolve("chatgpt-modern-export.json"), "chatgpt"),
        Map.entry(CHAT.resolve("chatgpt-citations.json"), "chatgpt"),
        Map.entry(CHAT.resolve("openwebui-export.json"), "openwebui"),
        Map.entry(CHAT.resolve("chatbotui-export.json"), "chatbotui"),
        Map.entry(CHAT.resolve("librechat-export.json"), "librechat"),
        Map.entry(CHAT.resolve("librechat-tree.json"), "librechat"),
        Map.entry(CHAT.resolve("librechat-opts-nonr-branches.json"), "librechat"),
        Map.entry(CHAT.resolve("librechat-linear.json"), "librechat"),
        Map.entry(PLUGINS.resolve("chatlog-chatgpt/src/test/resources/deepseek-export.json"), "deepseek"),
        Map.entry(PLUGINS.resolve("chatlog-assistants/src/test/resources/chat/claude-conversations.json"), "claude"),
        Map.entry(PLUGINS.resolve("chatlog-assistants/src/test/resources/chat/gemini-my-activity.json"), "gemini"),
        Map.entry(PLUGINS.resolve("chatlog-assistants/src/test/resources/chat/grok-prod-grok-backend.json"), "grok"),
        Map.entry(PLUGINS.resolve("chatlog-assistants/src/test/resources/chat/mistral-account-export.json"), "mistral"),
        Map.entry(PLUGINS.resolve("chatlog-assistants/src/test/resources/chat/mistral-chat-6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.json"), "mistral"));
    for (Map.Entry<Path, String> export : exports.entrySet()) {
      JsonObject job = imported(carol, export.getKey());
      assertThat(job.getJsonObject("result").getString("platform")).as(export.getKey().toString()).isEqualTo(export.getValue());
      assertThat(job.getJsonObject("result").getInteger("created")).as(export.getKey().toString()).isPositive();
    }
    JsonObject tree = chatLog(carol, "Assist user with summary");
    JsonObject page = api.get(carol, "/api/v1/sources/" + tree.getString("id") + "/messages").bodyAsJsonObject();
    assertThat(page.getJsonArray("branches")).hasSize(2);
    assertThat(api.get(carol, "/api/v1/sources/" + tree.getString("id") + "/messages?branch=1").bodyAsJsonObject()
        .getJsonArray("items")).isNotEmpty();
    // the modern export's entry without a mapping was skipped, with a warning, and the rest imported
    assertThat(chatLogs(carol, "chatgpt").size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theZipAServiceSendsIsReadAndAReImportAddsNothing() throws Exception {
    String dave = api.newUser("dave");
    Path zip = Files.createTempDirectory("mw-chat-zip").resolve("chatgpt-export.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("chat.html"));
      out.write("<html>the same chats, for a browser</html>".getBytes());
      out.putNextEntry(new ZipEntry("conversations.json"));
      out.write(Files.readAllBytes(CHAT.resolve("chatgpt-export.json")));
      out.putNextEntry(new ZipEntry("user-file-1.png"));
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }
    assertThat(imported(dave, zip).getJsonObject("result").getInteger("created")).isEqualTo(2);
    JsonObject again = imported(dave, CHAT.resolve("chatgpt-export.json"));
    assertThat(again.getJsonObject("result").getMap()).containsEntry("created", 0).containsEntry("unchanged", 2);
    assertThat(chatLogs(dave, "chatgpt")).hasSize(2);
  }

  @Test
  void theLibraryWorksOverHttpAndAnotherUsersIdsAreNotFoundEverywhere() throws Exception {
    String erin = api.newUser("erin");
    imported(erin, CHAT.resolve("chatgpt-export.json"));
    String id = chatLog(erin, "Conversation 2").getString("id");

    HttpResponse<Buffer> tag = api.post(erin, "/api/v1/tags", new JsonObject().put("name", "algorithms"));
    assertThat(tag.statusCode()).isEqualTo(201);
    String tagId = tag.bodyAsJsonObject().getString("id");
    assertThat(api.put(erin, "/api/v1/sources/" + id + "/tags", new JsonObject().put("tagIds", new JsonArray().add(tagId))).statusCode())
        .isEqualTo(200);
    assertThat(api.get(erin, "/api/v1/sources?tag=algorithms").bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(api.post(erin, "/api/v1/search", new JsonObject().put("query", "intervals").put("tags", new JsonArray().add("algorithms")))
        .bodyAsJsonObject().getJsonArray("results").stream().map(h -> ((JsonObject) h).getString("sourceId")).distinct()).containsExactly(id);

    HttpResponse<Buffer> note = api.post(erin, "/api/v1/sources/" + id + "/annotations", new JsonObject().put("content", "clever")
        .put("position", new JsonObject().put("messageIndex", 0).put("start", 0).put("end", 14)));
    assertThat(note.statusCode()).as(note.bodyAsString()).isEqualTo(201);
    assertThat(note.bodyAsJsonObject().getString("quote")).isEqualTo("In programming");
    HttpResponse<Buffer> edit = api.put(erin, "/api/v1/sources/" + id + "/messages", new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "In programming, how do intervals intersect?"))));
    assertThat(edit.statusCode()).as(edit.bodyAsString()).isEqualTo(202);
    api.completed(erin, edit);
    assertThat(api.get(erin, "/api/v1/sources/" + id + "/versions").bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    assertThat(api.get(erin, "/api/v1/sources/" + id + "/versions/1").bodyAsJsonObject().getJsonArray("messages")).hasSize(4);

    String noteId = note.bodyAsJsonObject().getString("id");
    for (String path : List.of("/api/v1/sources/" + id + "/messages", "/api/v1/sources/" + id + "/versions",
        "/api/v1/sources/" + id + "/versions/1", "/api/v1/sources/" + id + "/annotations")) {
      assertThat(api.get(bob, path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(api.put(bob, "/api/v1/sources/" + id + "/tags", new JsonObject().put("tagIds", new JsonArray())).statusCode()).isEqualTo(404);
    assertThat(api.delete(bob, "/api/v1/tags/" + tagId).statusCode()).isEqualTo(404);
    assertThat(api.delete(bob, "/api/v1/annotations/" + noteId).statusCode()).isEqualTo(404);
    assertThat(api.post(bob, "/api/v1/sources/" + id + "/versions/1/restore", new JsonObject()).statusCode()).isEqualTo(404);
    assertThat(api.post(bob, "/api/v1/sources/merge", new JsonObject().put("title", "mine")
        .put("sourceIds", new JsonArray().add(id).add(id))).statusCode()).isIn(400, 404);
    assertThat(api.get(bob, "/api/v1/chat-logs/search?q=intervals").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    HttpResponse<Buffer> malformed = api.put(erin, "/api/v1/sources/" + id + "/messages", new JsonObject().put("messages", "all of them"));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_input");
  }
}
