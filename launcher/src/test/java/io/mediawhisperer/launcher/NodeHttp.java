package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;

/**
 * The HTTP calls the tests of server processes make to whichever node's port they name; every
 * call blocks the test thread, and one that does not get its documented status fails the test.
 */
final class NodeHttp {

  private final WebClient client;
  private final String password;

  /** {@code password}: the one every account these calls register and log in has. */
  NodeHttp(WebClient client, String password) {
    this.client = client;
    this.password = password;
  }

  int health(int port) {
    return Await.result(client.get(port, "127.0.0.1", "/health").send()).statusCode();
  }

  void register(int port, String email) {
    HttpResponse<Buffer> r = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/register")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  String login(int port, String email) {
    HttpResponse<Buffer> r = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("token");
  }

  HttpResponse<Buffer> upload(int port, String token, Path file) {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(), "application/pdf");
    return Await.result(client.post(port, "127.0.0.1", "/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  JsonObject get(int port, String token, String path) {
    HttpResponse<Buffer> r = Await.result(client.get(port, "127.0.0.1", path).bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as("%s: %s", path, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  JsonArray search(int port, String token, String query) {
    HttpResponse<Buffer> r = Await.result(client.post(port, "127.0.0.1", "/api/v1/search").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("query", query).put("topK", 5)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("results");
  }
}
