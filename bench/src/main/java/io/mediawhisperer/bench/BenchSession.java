package io.mediawhisperer.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A user a benchmark registers on its node, logged in: its token and id, and JSON calls as that user. */
record BenchSession(HttpClient http, String base, Duration limit, String token, UUID userId) {

  static final String PASSWORD = "benchmark all the things";

  /** Registers {@code email}, logs in and reads the user's id; any answer but 2xx fails. */
  static BenchSession register(HttpClient http, String base, String email, Duration limit) throws Exception {
    JsonObject credentials = new JsonObject().put("email", email).put("password", PASSWORD);
    send(http, limit, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/register")), credentials, null);
    return login(http, base, email, limit);
  }

  /** Logs in as {@code email}, registered earlier with {@link #PASSWORD} (by this run or one before it). */
  static BenchSession login(HttpClient http, String base, String email, Duration limit) throws Exception {
    JsonObject credentials = new JsonObject().put("email", email).put("password", PASSWORD);
    JsonObject login = send(http, limit, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login")), credentials, null);
    String token = login.getString("token");
    JsonObject me = send(http, limit, HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me")), null, token);
    return new BenchSession(http, base, limit, token, UUID.fromString(me.getJsonObject("user").getString("id")));
  }

  JsonObject post(String path, JsonObject body) throws Exception {
    return send(http, limit, HttpRequest.newBuilder(URI.create(base + path)), body, token);
  }

  JsonObject get(String path) throws Exception {
    return send(http, limit, HttpRequest.newBuilder(URI.create(base + path)), null, token);
  }

  /** Uploads {@code file} as a new source (multipart, streamed from disk); any answer but 202 fails. */
  JsonObject upload(Path file, String contentType) throws Exception {
    String boundary = "mw-bench-" + UUID.randomUUID();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName() + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/sources")).timeout(limit)
        .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(head), HttpRequest.BodyPublishers.ofFile(file),
            HttpRequest.BodyPublishers.ofString(tail)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("upload: HTTP " + response.statusCode() + " " + response.body());
    }
    return new JsonObject(response.body());
  }

  private static JsonObject send(HttpClient http, Duration limit, HttpRequest.Builder builder, JsonObject body, String token)
      throws Exception {
    builder.timeout(limit).header("Content-Type", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = body == null ? builder.GET().build()
        : builder.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode() + " "
          + response.body());
    }
    return new JsonObject(response.body());
  }
}
