package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A personal export (issue 19) over HTTP: a library with a real PDF, a transcript in a collection, a
 * tag, a conversation with citations and a template comes out as one zip holding the PDF byte for
 * byte, its text page by page, the transcript's segments, the conversation as JSON and as Markdown
 * with its citations, and the template; nobody else can download it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersonalExportApiTest {

  private Node node;
  private ApiClient api;

  @BeforeAll
  void start() throws Exception {
    int port = Ports.free();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", Files.createTempDirectory("mw-export-test").toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        "upload-max-bytes", String.valueOf(4 << 20))));
    api = new ApiClient(port);
  }

  @AfterAll
  void stop() throws Exception {
    api.close();
    node.close();
  }

  @Test
  void aLibraryComesOutAsOneZipOfWhatThePersonCanRead() throws Exception {
    String alice = api.newUser("alice");
    String bob = api.newUser("bob");
    Path pdfFile = Corpus.root().resolve("pdf/udhr.pdf");
    String pdf = api.ingested(alice, pdfFile, null);
    String collection = api.post(alice, "/api/v1/collections", new JsonObject().put("name", "Talks").put("kind", "folder"))
        .bodyAsJsonObject().getString("id");
    api.completed(alice, api.post(alice, "/api/v1/sources", new JsonObject().put("kind", "transcript")
        .put("title", "A talk on rights").put("collectionId", collection).put("segments", new JsonArray()
            .add(new JsonObject().put("start", 0).put("duration", 12).put("text", "Everyone has the right to education."))
            .add(new JsonObject().put("start", 12).put("duration", 9).put("text", "Education shall be free.")))));
    String tag = api.post(alice, "/api/v1/tags", new JsonObject().put("name", "rights")).bodyAsJsonObject().getString("id");
    api.put(alice, "/api/v1/sources/" + pdf + "/tags", new JsonObject().put("tagIds", new JsonArray().add(tag)));
    String conversation = api.post(alice, "/api/v1/conversations", new JsonObject().put("sourceIds", new JsonArray().add(pdf)))
        .bodyAsJsonObject().getString("id");
    JsonObject answer = api.post(alice, "/api/v1/conversations/" + conversation + "/messages",
        new JsonObject().put("content", "Who is entitled to freedom of thought?")).bodyAsJsonObject().getJsonObject("message");
    assertThat(answer.getJsonObject("metadata").getJsonArray("sources")).isNotEmpty();
    api.post(alice, "/api/v1/templates", new JsonObject().put("type", "linkedin").put("name", "Mine").put("content", "MINE {{ topic }}"));

    HttpResponse<Buffer> queued = api.post(alice, "/api/v1/export", new JsonObject());
    assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
    JsonObject job = api.completed(alice, queued);
    assertThat(job.getString("type")).isEqualTo("export");
    assertThat(job.getJsonObject("result").getInteger("sources")).isEqualTo(2);

    String path = "/api/v1/export/" + job.getString("id") + "/file";
    assertThat(api.get(bob, path).statusCode()).as("another user's export").isEqualTo(404);
    HttpResponse<Buffer> download = api.get(alice, path);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.getHeader("content-type")).isEqualTo("application/zip");
    assertThat(download.getHeader("content-disposition")).startsWith("attachment; filename=\"mediawhisperer-export-");
    Map<String, byte[]> zip = unzip(download.body().getBytes());

    JsonObject manifest = new JsonObject(text(zip, "manifest.json"));
    assertThat(manifest.getString("format")).isEqualTo("mediawhisperer-export");
    assertThat(manifest.getJsonObject("counts").getInteger("conversations")).isEqualTo(1);
    String pdfDir = dirOf(zip, "udhr");
    assertThat(zip.get(pdfDir + "original.pdf")).as("the PDF byte for byte").isEqualTo(Files.readAllBytes(pdfFile));
    assertThat(text(zip, pdfDir + "text.md")).contains("## Page 1").contains("freedom of thought");
    assertThat(new JsonObject(text(zip, pdfDir + "source.json")).getJsonArray("tags").encode()).contains("rights");
    String talkDir = dirOf(zip, "a-talk-on-rights");
    JsonArray segments = new JsonArray(text(zip, talkDir + "transcript.json"));
    assertThat(segments).hasSize(2);
    assertThat(segments.getJsonObject(1).getString("text")).isEqualTo("Education shall be free.");
    assertThat(new JsonObject(text(zip, talkDir + "source.json")).getString("collectionId")).isEqualTo(collection);
    assertThat(text(zip, "collections.json")).contains("Talks");
    assertThat(text(zip, "tags.json")).contains("rights");
    String conversationJson = zip.keySet().stream().filter(n -> n.startsWith("conversations/") && n.endsWith(".json")).findFirst().orElseThrow();
    JsonArray messages = new JsonObject(text(zip, conversationJson)).getJsonArray("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.getJsonObject(0).getString("content")).isEqualTo("Who is entitled to freedom of thought?");
    String markdown = text(zip, conversationJson.replace(".json", ".md"));
    assertThat(markdown).contains("**You**").contains("Who is entitled to freedom of thought?").contains("**Assistant**")
        .contains("Sources:").contains("[1] ").contains("page ");
    JsonArray templates = new JsonArray(text(zip, "templates.json"));
    assertThat(templates).hasSize(1);
    assertThat(templates.getJsonObject(0).getString("content")).isEqualTo("MINE {{ topic }}");

    // into another account: the same library, new ids, and the same answers to the same question
    String carol = api.newUser("carol");
    JsonObject imported = api.completed(carol, importZip(carol, download.body().getBytes()));
    assertThat(imported.getString("type")).isEqualTo("import");
    JsonObject result = imported.getJsonObject("result");
    assertThat(result.getInteger("sources")).isEqualTo(2);
    assertThat(result.getInteger("conversations")).isEqualTo(1);
    assertThat(result.getInteger("templates")).isEqualTo(1);
    JsonArray carols = api.get(carol, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items");
    assertThat(carols).hasSize(2);
    for (Object s : carols) {
      String id = ((JsonObject) s).getString("id");
      assertThat(id).isNotEqualTo(pdf);
      Eventually.holds("imported source " + id + " ingested", java.time.Duration.ofMinutes(2),
          () -> "completed".equals(api.get(carol, "/api/v1/sources/" + id).bodyAsJsonObject().getString("status")));
    }
    JsonObject carolPdf = api.get(carol, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(x -> "pdf".equals(x.getString("kind"))).findFirst().orElseThrow();
    assertThat(carolPdf.getJsonArray("tags")).containsExactly("rights");
    JsonObject carolTalk = api.get(carol, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(x -> "transcript".equals(x.getString("kind"))).findFirst().orElseThrow();
    String carolCollection = api.get(carol, "/api/v1/collections").bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    assertThat(carolTalk.getString("collectionId")).isEqualTo(carolCollection);
    JsonArray carolConversations = api.get(carol, "/api/v1/conversations").bodyAsJsonObject().getJsonArray("items");
    assertThat(carolConversations).hasSize(1);
    JsonArray history = api.get(carol, "/api/v1/conversations/" + carolConversations.getJsonObject(0).getString("id"))
        .bodyAsJsonObject().getJsonArray("messages");
    assertThat(history.stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .containsExactly("Who is entitled to freedom of thought?", answer.getString("content"));
    assertThat(api.get(carol, "/api/v1/templates?type=linkedin").bodyAsJsonObject().getJsonArray("items").stream()
        .map(t -> ((JsonObject) t).getString("content")).toList()).contains("MINE {{ topic }}");

    String question = "What does the declaration say about education?";
    JsonObject aliceAnswer = ask(alice, question);
    JsonObject carolAnswer = ask(carol, question);
    assertThat(carolAnswer.getString("content")).isEqualTo(aliceAnswer.getString("content"));
    assertThat(cited(carolAnswer)).isEqualTo(cited(aliceAnswer)).isNotEmpty();

    // a damaged export makes nothing
    String dave = api.newUser("dave");
    byte[] truncated = java.util.Arrays.copyOf(download.body().getBytes(), download.body().length() / 2);
    HttpResponse<Buffer> broken = importZip(dave, truncated);
    assertThat(broken.statusCode()).isEqualTo(202);
    String brokenJob = broken.bodyAsJsonObject().getJsonObject("job").getString("id");
    Eventually.holds("the damaged import failed", java.time.Duration.ofMinutes(1),
        () -> "failed".equals(api.get(dave, "/api/v1/jobs/" + brokenJob).bodyAsJsonObject().getString("status")));
    assertThat(api.get(dave, "/api/v1/jobs/" + brokenJob).bodyAsJsonObject().getString("error")).contains("zip");
    assertThat(api.get(dave, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(api.get(dave, "/api/v1/collections").bodyAsJsonObject().getJsonArray("items")).isEmpty();

    // a zip that inflates past upload-max-bytes (here 4 MiB) is refused, not unpacked
    java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(bomb)) {
      z.putNextEntry(new ZipEntry("manifest.json"));
      z.write(new JsonObject().put("format", "mediawhisperer-export").put("version", 1).encode().getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("sources/0001-zeros/original.txt"));
      z.write(new byte[8 << 20]);
      z.closeEntry();
    }
    JsonObject refused = api.get(dave, "/api/v1/jobs/" + importZip(dave, bomb.toByteArray()).bodyAsJsonObject().getJsonObject("job")
        .getString("id")).bodyAsJsonObject();
    String bombJob = refused.getString("id");
    Eventually.holds("the bomb refused", java.time.Duration.ofMinutes(1),
        () -> "failed".equals(api.get(dave, "/api/v1/jobs/" + bombJob).bodyAsJsonObject().getString("status")));
    assertThat(api.get(dave, "/api/v1/jobs/" + bombJob).bodyAsJsonObject().getString("error")).contains("inflates past");
    assertThat(api.get(dave, "/api/v1/sources").bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  private JsonObject ask(String token, String question) {
    String id = api.post(token, "/api/v1/conversations", new JsonObject()).bodyAsJsonObject().getString("id");
    return api.post(token, "/api/v1/conversations/" + id + "/messages", new JsonObject().put("content", question))
        .bodyAsJsonObject().getJsonObject("message");
  }

  private static java.util.List<String> cited(JsonObject answer) {
    return answer.getJsonObject("metadata").getJsonArray("sources").stream().map(h -> ((JsonObject) h).getString("text")).toList();
  }

  private HttpResponse<Buffer> importZip(String token, byte[] zip) throws Exception {
    Path file = Files.createTempFile("mw-export", ".zip");
    Files.write(file, zip);
    io.vertx.ext.web.multipart.MultipartForm form = io.vertx.ext.web.multipart.MultipartForm.create()
        .binaryFileUpload("file", "export.zip", file.toString(), "application/zip");
    return io.mediawhisperer.testing.Await.result(api.web.post("/api/v1/import").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  private static String dirOf(Map<String, byte[]> zip, String slugPart) {
    return zip.keySet().stream().filter(n -> n.startsWith("sources/") && n.contains(slugPart) && n.endsWith("/source.json"))
        .map(n -> n.substring(0, n.length() - "source.json".length())).findFirst()
        .orElseThrow(() -> new AssertionError("no source folder for " + slugPart + " in " + zip.keySet()));
  }

  private static String text(Map<String, byte[]> zip, String name) {
    byte[] bytes = zip.get(name);
    assertThat(bytes).as(name + " in " + zip.keySet()).isNotNull();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, byte[]> unzip(byte[] bytes) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
