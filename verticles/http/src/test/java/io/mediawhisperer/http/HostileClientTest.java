package io.mediawhisperer.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestVertx;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a hostile or careless client does at the HTTP level (issue 11: idle and slow connections,
 * multipart abuse, NUL bytes, oversized bodies and lines, missing security headers, cross-site
 * writes with the session cookie), spoken over raw sockets so every byte is the test's choice.
 */
class HostileClientTest {

  private static final int MAX_CONNECTIONS = 40;
  private static Vertx vertx;
  private static int port;
  private static String token;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    port = EdgeConfig.freePort();
    JsonObject config = EdgeConfig.on(port, dataDir)
        .put("http-max-source-json-bytes", 65_536)
        .put("http-max-connections", MAX_CONNECTIONS)
        .put("http-header-timeout-seconds", 1)
        .put("http-idle-timeout-seconds", 2)
        .put("http-body-timeout-seconds", 1);
    vertx = TestVertx.withMetrics();
    Await.result(vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)));
    Await.result(vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(config)));
    String credentials = new JsonObject().put("email", "hostile-" + UUID.randomUUID() + "@example.org")
        .put("password", "a long enough password").encode();
    assertThat(exchange(post("/api/v1/auth/register", "application/json", credentials, ""))).startsWith("HTTP/1.1 201");
    String login = exchange(post("/api/v1/auth/login", "application/json", credentials, ""));
    token = new JsonObject(login.substring(login.indexOf("\r\n\r\n") + 4)).getString("token");
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void silentHalfSentAndStalledConnectionsAreClosedAndTheServerKeepsAnswering() throws Exception {
    List<Socket> silent = new ArrayList<>();
    List<Socket> halfHeaders = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      silent.add(new Socket("127.0.0.1", port));
      Socket half = new Socket("127.0.0.1", port);
      half.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(UTF_8));
      halfHeaders.add(half);
    }
    Socket stalledBody = new Socket("127.0.0.1", port);
    stalledBody.getOutputStream().write(post("/api/v1/search", "application/json", "{\"query\": \"a", "", 1000));
    Socket keptAlive = new Socket("127.0.0.1", port);
    keptAlive.getOutputStream().write("GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(UTF_8));

    // while they hang, the server answers others
    assertThat(exchange("GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8))).startsWith("HTTP/1.1 200");

    for (Socket socket : silent) {
      assertThat(closedWithin(socket, 5_000)).as("a connection that sends nothing").isEmpty();
    }
    for (Socket socket : halfHeaders) {
      assertThat(closedWithin(socket, 5_000)).as("a connection that sends half its headers").isEmpty();
    }
    String stalled = closedWithin(stalledBody, 5_000);
    assertThat(stalled).as("a body shorter than its Content-Length").startsWith("HTTP/1.1 408");
    assertError(stalled, "request_timeout");
    assertThat(closedWithin(keptAlive, 6_000)).as("a kept-alive connection after its response").startsWith("HTTP/1.1 200");
    assertThat(exchange("GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8))).startsWith("HTTP/1.1 200");
  }

  @Test
  void connectionsPastTheCapAreRefusedAndTheServerRecoversWhenTheyGo() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS + 20; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        // an authenticating WebSocket would hold its connection; these hold theirs by trickling a header
        socket.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(UTF_8));
        held.add(socket);
      }
      long refused = held.stream().filter(s -> closedWithin(s, 300) != null).count();
      assertThat(refused).as("connections past http-max-connections are closed at once").isGreaterThanOrEqualTo(20);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (ConnectionGuard.openConnections(vertx) > 1 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(exchange("GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8))).startsWith("HTTP/1.1 200");
  }

  @Test
  void hostileMultipartUploadsGetA4xxInTheErrorShape() throws InterruptedException {
    ListAppender<ILoggingEvent> access = new ListAppender<>();
    access.start();
    Logger accessLog = (Logger) LoggerFactory.getLogger("io.mediawhisperer.http.access");
    accessLog.setLevel(Level.INFO);
    accessLog.addAppender(access);
    // a 10 KB part header is past what the form decoder buffers; a 300-character name is past the file-name limit
    assertStatus(upload(part("file", "a".repeat(10_000) + ".txt", "hello") + end()), 413, "form_field_too_large");
    assertStatus(upload(part("file", "a".repeat(300) + ".txt", "hello") + end()), 400, "invalid_input");
    assertStatus(upload(part("title", null, "t".repeat(100_000)) + part("file", "a.txt", "hello") + end()), 413, "form_field_too_large");
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      fields.append(part("f" + i, null, "x"));
    }
    assertStatus(upload(fields + part("file", "a.txt", "hello") + end()), 413, "too_many_form_fields");
    assertStatus(upload(part("title", null, "a\0b") + part("file", "a.txt", "hello") + end()), 400, "invalid_input");
    assertStatus(upload(part("file", "a\0.txt", "hello") + end()), 400, "invalid_input");
    String unterminated = exchange(post("/api/v1/sources", "multipart/form-data; boundary=XX", part("file", "a.txt", "hello"),
        "Authorization: Bearer " + token + "\r\n"));
    assertStatus(unterminated, 408, "request_timeout");
    // the access log tells the status that was sent, not the 200 a response starts with
    // the line is written when the server has finished the response, which may be just after the client read it
    long deadline = System.currentTimeMillis() + 5_000;
    while (access.list.stream().filter(e -> e.getFormattedMessage().contains("POST /api/v1/sources")).count() < 7
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    List<String> uploads = access.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("POST /api/v1/sources"))
        .map(m -> m.replaceAll("^\\[[^]]*] POST /api/v1/sources (\\S+) .*$", "$1")).toList();
    assertThat(uploads).containsExactly("413", "400", "413", "413", "400", "400", "408");
  }

  @Test
  void nulBytesAndLoneSurrogatesAre400sNamingTheField() {
    String search = exchange(post("/api/v1/search", "application/json", "{\"query\": \"a\\u0000b\"}", bearer()));
    assertStatus(search, 400, "invalid_input");
    assertThat(search).contains("query contains a NUL character");
    String nested = exchange(post("/api/v1/sources", "application/json",
        "{\"kind\": \"transcript\", \"videoId\": \"v\", \"title\": \"t\", \"segments\": [{\"start\": 0, \"duration\": 1, \"text\": \"ok\"},"
            + " {\"start\": 1, \"duration\": 1, \"text\": \"x\\u0000\"}]}", bearer()));
    assertStatus(nested, 400, "invalid_input");
    assertThat(nested).contains("segments[1].text");
    assertStatus(exchange(post("/api/v1/search", "application/json", "{\"query\": \"a\\ud800b\"}", bearer())), 400, "invalid_input");
    String query = exchange(("GET /api/v1/sources?kind=a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + bearer() + "\r\n").getBytes(UTF_8));
    assertStatus(query, 400, "invalid_input");
    assertThat(query).contains("'kind'");
    StringBuilder deep = new StringBuilder();
    deep.append("[".repeat(5000)).append("]".repeat(5000));
    String tooDeep = exchange(post("/api/v1/search", "application/json", "{\"query\": " + deep + "}", bearer()));
    assertThat(tooDeep).startsWith("HTTP/1.1 400 ");
    assertThat(new JsonObject(tooDeep.substring(tooDeep.indexOf("\r\n\r\n") + 4)).getJsonObject("error").getString("code"))
        .isIn("invalid_json", "invalid_input");
  }

  @Test
  void aJsonSourceLargerThanItsLimitIs413() {
    String big = new JsonObject().put("kind", "text").put("title", "big").put("text", "x".repeat(100_000)).encode();
    assertStatus(exchange(post("/api/v1/sources", "application/json", big, bearer())), 413, "payload_too_large");
  }

  @Test
  void overlongLinesHeadersAndPlainGetsOfTheSocketGetTheErrorShape() {
    assertStatus(exchange(("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(UTF_8)), 414, "uri_too_long");
    assertStatus(exchange(("GET /health HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(20_000) + "\r\n\r\n").getBytes(UTF_8)), 431,
        "headers_too_large");
    assertStatus(exchange("GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8)), 400,
        "websocket_upgrade_required");
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndTheLoginIsNeverCached() {
    String credentials = new JsonObject().put("email", "nobody@example.org").put("password", "wrong password").encode();
    for (String response : List.of(
        exchange("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(UTF_8)),
        exchange(post("/api/v1/auth/login", "application/json", credentials, "")),
        exchange(("GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + bearer() + "\r\n").getBytes(UTF_8)))) {
      String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
      assertThat(head).contains("x-content-type-options: nosniff").contains("referrer-policy: no-referrer")
          .contains("x-frame-options: deny").contains("frame-ancestors 'none'").contains("cache-control: no-store");
    }
  }

  @Test
  void cookieAuthenticatedWritesMustComeFromTheServersOwnPagesAsJson() {
    String cookie = "Cookie: mw_session=" + token + "\r\n";
    String body = "{\"query\": \"anything\"}";
    String host = "127.0.0.1:" + port;
    assertStatus(exchange(post("/api/v1/search", "application/json", body, cookie + "Origin: http://evil.example\r\n", host)), 403,
        "csrf_rejected");
    assertStatus(exchange(post("/api/v1/search", "application/json", body, cookie, host)), 403, "csrf_rejected");
    assertStatus(exchange(post("/api/v1/search", "text/plain", body, cookie + "Origin: http://" + host + "\r\n", host)), 415,
        "unsupported_media_type");
    assertStatus(exchange(post("/api/v1/search", "application/x-www-form-urlencoded", "query=x",
        cookie + "Origin: http://" + host + "\r\n", host)), 415, "unsupported_media_type");
    // the server's own page, and a client that uses the Authorization header, are not cross-site
    assertThat(exchange(post("/api/v1/auth/logout", "application/json", "{}", "Referer: http://" + host + "/chat\r\n"
        + "Cookie: mw_session=not-a-session\r\n", host))).startsWith("HTTP/1.1 401");
    assertThat(exchange(post("/api/v1/search", "text/plain", body, bearer() + cookie, host))).doesNotContain("csrf_rejected")
        .doesNotContain("unsupported_media_type");
  }

  // --- raw HTTP -----------------------------------------------------------------------------

  private static String bearer() {
    return "Authorization: Bearer " + token + "\r\n";
  }

  private static String upload(String multipart) {
    return exchange(post("/api/v1/sources", "multipart/form-data; boundary=XX", multipart, bearer()));
  }

  private static String part(String name, String fileName, String content) {
    return "--XX\r\nContent-Disposition: form-data; name=\"" + name + "\"" + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
        + "\r\n\r\n" + content + "\r\n";
  }

  private static String end() {
    return "--XX--\r\n";
  }

  private static byte[] post(String path, String type, String body, String headers) {
    return post(path, type, body, headers, "x");
  }

  private static byte[] post(String path, String type, String body, String headers, String host) {
    byte[] bytes = body.getBytes(UTF_8);
    return post(path, type, body, headers, bytes.length, host);
  }

  private static byte[] post(String path, String type, String body, String headers, int contentLength) {
    return post(path, type, body, headers, contentLength, "x");
  }

  private static byte[] post(String path, String type, String body, String headers, int contentLength, String host) {
    return ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\nContent-Type: " + type
        + "\r\nContent-Length: " + contentLength + "\r\n" + headers + "\r\n" + body).getBytes(UTF_8);
  }

  /** Sends the bytes and reads until the server closes (at most 10 s); the response as text. */
  private static String exchange(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request);
      String response = closedWithin(socket, 10_000);
      assertThat(response).as("the server closed the connection within 10 s").isNotNull();
      return response;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** What the server sent before closing the socket within the time, or null when it is still open then. */
  private static String closedWithin(Socket socket, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      while (System.currentTimeMillis() < deadline) {
        socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
        try {
          int n = in.read(buffer);
          if (n < 0) {
            return received.toString(UTF_8);
          }
          received.write(buffer, 0, n);
        } catch (SocketTimeoutException e) {
          return null;
        }
      }
      return null;
    } catch (IOException e) {
      // reset by the server: closed
      return received.toString(UTF_8);
    }
  }

  private static void assertStatus(String response, int status, String code) {
    // a request line the decoder could not read is answered as HTTP/1.0
    assertThat(response).as(response).matches("(?s)HTTP/1\\.[01] " + status + " .*");
    assertError(response, code);
  }

  private static void assertError(String response, String code) {
    assertThat(response.toLowerCase()).contains("content-type: application/json");
    JsonObject body = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.getJsonObject("error").getString("code")).as(response).isEqualTo(code);
    assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
  }
}
