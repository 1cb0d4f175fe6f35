package io.mediawhisperer.http;

import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** The configuration an HTTP verticle under test starts with: the test database, a data dir, loopback on a free port. */
final class EdgeConfig {

  private EdgeConfig() {
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Add the settings a test is about to what this returns. */
  static JsonObject on(int port, Path dataDir) {
    return new JsonObject()
        .put("db-url", TestDatabase.url())
        .put("data-dir", dataDir.toString())
        .put("http-host", "127.0.0.1")
        .put("http-port", port);
  }
}
