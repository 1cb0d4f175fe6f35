package io.mediawhisperer.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testing.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's slow-client attack on a whole node: thousands of connections that send nothing, half
 * their headers, or less body than they announced. The node refuses what is past its connection
 * cap, closes the rest after its timeouts, and meanwhile keeps answering and ingesting a real PDF.
 */
class SlowClientsTest {

  private static final int CAP = 1_000;
  private static final int ATTACKERS = 2_400;

  @Test
  void idleAndHalfSentConnectionsLeaveTheNodeAnsweringAndIngesting() throws Exception {
    Path dataDir = Files.createTempDirectory("mw-slow-clients-test");
    int port = Ports.free();
    try (Node node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
            "data-dir", dataDir.toString(),
            // the tests register more accounts from 127.0.0.1 than the default allows an address per hour
            "registration-per-hour-per-address", "0",
            "http-port", String.valueOf(port),
            "db-url", TestDatabase.url(),
            "http-max-connections", String.valueOf(CAP),
            "http-header-timeout-seconds", "3",
            "http-body-timeout-seconds", "3")));
        // one connection, opened before the attackers fill the cap: a second one would be refused
        ApiClient api = new ApiClient(port, 1)) {
      String token = api.newUser("slow");
      List<SocketChannel> attackers = new ArrayList<>();
      long openedAt = System.nanoTime();
      try {
        for (int i = 0; i < ATTACKERS; i++) {
          SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
          String sent = switch (i % 3) {
            case 0 -> "";
            case 1 -> "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
            default -> "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"q";
          };
          channel.write(ByteBuffer.wrap(sent.getBytes(UTF_8)));
          attackers.add(channel);
        }
        // while they hang on, a user's PDF goes in, is searched, and the node says it is healthy
        long ingestStarted = System.nanoTime();
        String sourceId = api.ingested(token, IngestionApiTest.CORPUS.resolve("pdf/tracemonkey-two-column.pdf"), null);
        double ingestSeconds = (System.nanoTime() - ingestStarted) / 1e9;
        assertThat(api.get(token, "/health").statusCode()).isEqualTo(200);
        assertThat(api.post(token, "/api/v1/search", new io.vertx.core.json.JsonObject().put("query", "trace trees")
            .put("sourceIds", new io.vertx.core.json.JsonArray().add(sourceId))).bodyAsJsonObject().getJsonArray("results")).isNotEmpty();

        long deadline = System.nanoTime() + 20_000_000_000L;
        int open = attackers.size();
        while (open > 0 && System.nanoTime() < deadline) {
          open = 0;
          for (SocketChannel channel : attackers) {
            if (!closedByServer(channel)) {
              open++;
            }
          }
          if (open > 0) {
            Thread.sleep(200);
          }
        }
        double allClosedSeconds = (System.nanoTime() - openedAt) / 1e9;
        System.out.printf("slow clients: %d connections (cap %d): all closed by the server %.1f s after the first opened;"
            + " a PDF ingested meanwhile in %.1f s%n", ATTACKERS, CAP, allClosedSeconds, ingestSeconds);
        assertThat(open).as("attacking connections the server still holds after 20 s").isZero();
      } finally {
        for (SocketChannel channel : attackers) {
          channel.close();
        }
      }
      assertThat(api.get(token, "/api/v1/auth/me").statusCode()).isEqualTo(200);
    }
  }

  /** True once the server has closed its end: a read sees the end of the stream (or a reset). */
  private static boolean closedByServer(SocketChannel channel) {
    try {
      channel.configureBlocking(false);
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      int n;
      while ((n = channel.read(buffer)) > 0) {
        buffer.clear();
      }
      return n < 0;
    } catch (IOException e) {
      return true;
    }
  }
}
