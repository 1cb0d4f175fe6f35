package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A client of one node's HTTP API, as the tests of whole nodes use it; every call blocks the test thread. */
final class ApiClient implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final WebClient web;
  final int port;

  ApiClient(int port) {
    this(port, new PoolOptions());
  }

  /**
   * A client that never holds more than {@code connections} connections: for tests that fill the
   * node's connection cap, where a second connection opened for a request would be refused.
   */
  ApiClient(int port, int connections) {
    this(port, new PoolOptions().setHttp1MaxSize(connections));
  }

  private ApiClient(int port, PoolOptions pool) {
    this.port = port;
    this.web = WebClient.wrap(vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port), pool));
  }

  /** Registers a fresh user named after {@code who} and returns its session token. */
  String newUser(String who) {
    JsonObject credentials = new JsonObject().put("email", who + "-" + UUID.randomUUID() + "@example.org")
        .put("password", "correct horse battery");
    HttpResponse<Buffer> registered = Await.result(web.post("/api/v1/auth/register").sendJsonObject(credentials));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    return Await.result(web.post("/api/v1/auth/login").sendJsonObject(credentials)).bodyAsJsonObject().getString("token");
  }

  HttpResponse<Buffer> get(String token, String path) {
    return Await.result(web.get(path).bearerTokenAuthentication(token).send());
  }

  HttpResponse<Buffer> post(String token, String path, JsonObject body) {
    return Await.result(web.post(path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  HttpResponse<Buffer> put(String token, String path, JsonObject body) {
    return Await.result(web.put(path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  HttpResponse<Buffer> delete(String token, String path) {
    return Await.result(web.delete(path).bearerTokenAuthentication(token).send());
  }

  HttpResponse<Buffer> upload(String token, Path file, String collectionId) {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
        "application/octet-stream");
    if (collectionId != null) {
      form.attribute("collectionId", collectionId);
    }
    return Await.result(web.post("/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  /** Waits for the job a 202 reply names to complete; returns the job. */
  JsonObject completed(String token, HttpResponse<Buffer> accepted) throws InterruptedException {
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject body = accepted.bodyAsJsonObject();
    String jobId = body.containsKey("job") ? body.getJsonObject("job").getString("id") : body.getString("id");
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = get(token, "/api/v1/jobs/" + jobId).bodyAsJsonObject();
      if ("completed".equals(job.getString("status"))) {
        return job;
      }
      assertThat(job.getString("status")).as(job.encode()).isNotEqualTo("failed");
      Thread.sleep(100);
    }
    throw new AssertionError("job " + jobId + " did not complete");
  }

  /** Uploads a file and waits for its ingestion; returns the source id. */
  String ingested(String token, Path file, String collectionId) throws InterruptedException {
    String sourceId = completed(token, upload(token, file, collectionId)).getString("sourceId");
    // a finished job means a finished source, at once (they are written in one transaction)
    JsonObject source = get(token, "/api/v1/sources/" + sourceId).bodyAsJsonObject();
    assertThat(source.getString("status")).as(source.encode()).isEqualTo("completed");
    assertThat(source.getInteger("chunkCount")).isPositive();
    return sourceId;
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
