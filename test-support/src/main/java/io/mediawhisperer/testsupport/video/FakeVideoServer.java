package io.mediawhisperer.testsupport.video;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server (127.0.0.1, a free port) that plays a video service for tests, counting and
 * logging every request so a test can show what was fetched and what came from a cache. The
 * subclass renders {@link VideoFixtures} in its service's shapes; this class keeps the rules every
 * fake shares: {@link VideoFixtures#RATE_LIMITED} is refused with 429 the first times it is asked
 * for, {@link VideoFixtures#BUSY_ID} always gets 503, {@link VideoFixtures#REDIRECT_ID} a redirect
 * to another host.
 */
public abstract class FakeVideoServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> rateLimited = new ConcurrentHashMap<>();
  private volatile boolean offline;

  protected FakeVideoServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a fake video service on 127.0.0.1", e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::served);
    server.start();
  }

  /** The service's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, as {@code METHOD path?query}. */
  public List<String> log() {
    return List.copyOf(log);
  }

  public int requests() {
    return log.size();
  }

  /** Requests whose path or query contains {@code text} (a video or playlist id). */
  public long requestsMentioning(String text) {
    return log.stream().filter(line -> line.contains(text)).count();
  }

  /** Forgets the log and the 429s already given. */
  public void reset() {
    log.clear();
    rateLimited.clear();
  }

  /** While offline, every request is answered by closing the connection (as an unreachable host would fail). */
  public void offline(boolean offline) {
    this.offline = offline;
  }

  private void served(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      String line = exchange.getRequestMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      log.add(line);
      if (offline) {
        exchange.close();
        return;
      }
      String decoded = URLDecoder.decode(line, StandardCharsets.UTF_8);
      if (decoded.contains(VideoFixtures.BUSY_ID)) {
        send(exchange, 503, "text/plain", "busy");
        return;
      }
      if (decoded.contains(VideoFixtures.REDIRECT_ID)) {
        exchange.getResponseHeaders().add("Location", VideoFixtures.ELSEWHERE);
        send(exchange, 302, "text/plain", "");
        return;
      }
      if (decoded.contains(VideoFixtures.RATE_LIMITED.id())
          && rateLimited.computeIfAbsent(VideoFixtures.RATE_LIMITED.id(), k -> new AtomicInteger()).incrementAndGet()
              <= VideoFixtures.RATE_LIMITED_TIMES) {
        exchange.getResponseHeaders().add("Retry-After", "0");
        send(exchange, 429, "text/plain", "slow down");
        return;
      }
      handle(exchange);
    } catch (RuntimeException e) {
      send(exchange, 500, "text/plain", "fake failed: " + e);
    }
  }

  /** Answers one request of the service (the shared rules above have been applied). */
  protected abstract void handle(HttpExchange exchange) throws IOException;

  /** The request's query parameters, decoded (the first of each name). */
  protected static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(name, value);
      }
    }
    return params;
  }

  protected static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  protected static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
