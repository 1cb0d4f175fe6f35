package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload's way into the blob store (ingestion answered by a fake that records what it was
 * sent): written once, hashed on the way, moved into the local store, and nothing left behind when
 * it is refused.
 */
class UploadTest {

  private static final long LIMIT = 1_048_576;
  private static Vertx vertx;
  private static WebClient client;
  private static int port;
  private static String token;
  private static final List<JsonObject> handedOver = new CopyOnWriteArrayList<>();
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    port = EdgeConfig.freePort();
    JsonObject config = EdgeConfig.on(port, dataDir)
        .put("upload-max-bytes", LIMIT);
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(IngestionBus.CREATE_FROM_UPLOAD, message -> {
      handedOver.add(message.body());
      message.reply(new JsonObject().put("source", new JsonObject().put("id", UUID.randomUUID().toString()))
          .put("job", new JsonObject()).put("created", true));
    });
    Await.result(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    JsonObject credentials = new JsonObject().put("email", "upload-" + UUID.randomUUID() + "@example.org")
        .put("password", "a long enough password");
    Await.result(client.post("/api/v1/auth/register").sendJsonObject(credentials));
    token = Await.result(client.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("token");
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @BeforeEach
  void forgetHandOvers() {
    handedOver.clear();
  }

  @Test
  void anUploadIsHashedAsItIsWrittenAndMovedIntoTheBlobStore() throws Exception {
    byte[] bytes = new byte[300_000];
    new Random(3).nextBytes(bytes);
    Path file = Files.write(Files.createTempDirectory("upload").resolve("notes.bin"), bytes);

    HttpResponse<Buffer> response = Await.result(client.post("/api/v1/sources").bearerTokenAuthentication(token)
        .sendMultipartForm(MultipartForm.create().attribute("title", "Notes")
            .binaryFileUpload("file", "notes.bin", file.toString(), "application/octet-stream")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    assertThat(handedOver).hasSize(1);
    JsonObject request = handedOver.get(0);
    assertThat(request.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(request.getString("fileName")).isEqualTo("notes.bin");
    assertThat(request.getString("title")).isEqualTo("Notes");
    // the default blob store keeps a key's bytes under <data-dir>/blobs/objects/<key>
    assertThat(dataDir.resolve("blobs/objects").resolve(request.getString("uploadKey"))).hasBinaryContent(bytes);
    assertThat(filesIn(dataDir.resolve("uploads"))).as("the received file was moved, not copied").isZero();
  }

  @Test
  void aBodyThatRunsPastTheLimitIsRefusedAndLeavesNoFile() throws Exception {
    long blobsBefore = filesIn(dataDir.resolve("blobs/objects/uploads"));
    // chunked, so no Content-Length announces the size: the body is cut off as it arrives
    String head = "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n";
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/api/v1/sources").putHeader("authorization", "Bearer " + token)
        .putHeader("content-type", "multipart/form-data; boundary=XX");
    JsonObject response = Await.result(vertx.createHttpClient().request(options).compose(request -> {
      request.setChunked(true);
      request.write(head);
      for (int i = 0; i < 2 * LIMIT / 65_536; i++) {
        request.write(Buffer.buffer("x".repeat(65_536)));
      }
      request.end("\r\n--XX--\r\n");
      return request.response().compose(r -> r.body().map(body -> new JsonObject().put("status", r.statusCode())
          .put("body", new JsonObject(body))));
    }));

    assertThat(response.getInteger("status")).isEqualTo(413);
    assertThat(response.getJsonObject("body").getJsonObject("error").getString("code")).isEqualTo("payload_too_large");
    long deadline = System.currentTimeMillis() + 5_000;
    while (filesIn(dataDir.resolve("uploads")) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(filesIn(dataDir.resolve("uploads"))).as("the partial file is deleted").isZero();
    assertThat(handedOver).isEmpty();
    assertThat(filesIn(dataDir.resolve("blobs/objects/uploads"))).isEqualTo(blobsBefore);
  }

  private static long filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
