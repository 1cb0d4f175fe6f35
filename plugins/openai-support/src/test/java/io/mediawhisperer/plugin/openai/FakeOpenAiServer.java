package io.mediawhisperer.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.StreamSupport;

/**
 * The plumbing of a local stand-in for an OpenAI-compatible server, on 127.0.0.1 and a free
 * port: it records what it got, asks a {@link Responder} for each answer (a test can script one;
 * otherwise the subclass's default) and leaves writing the answer, of whatever shape
 * {@code R} is, to the subclass.
 */
public abstract class FakeOpenAiServer<R> implements AutoCloseable {

  protected static final ObjectMapper JSON = new ObjectMapper();

  /** What a client sent: its Authorization header (or null) and its JSON body. */
  public record Request(String authorization, JsonNode body) {

    /** The texts of an embeddings request. */
    public List<String> inputs() {
      return StreamSupport.stream(body.get("input").spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The messages of a chat request. */
    public List<JsonNode> messages() {
      List<JsonNode> messages = new ArrayList<>();
      body.get("messages").forEach(messages::add);
      return messages;
    }

    public String lastUserMessage() {
      List<JsonNode> messages = messages();
      return messages.get(messages.size() - 1).get("content").asText();
    }
  }

  /** Decides the answer to a request; {@code number} counts requests from 1. */
  @FunctionalInterface
  public interface Responder<R> {
    R reply(Request request, int number) throws IOException;
  }

  /** A subclass's constructor, for {@link #started}. */
  @FunctionalInterface
  protected interface Constructor<S> {
    S construct() throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Responder<R> responder = (request, number) -> defaultReply(request);

  protected FakeOpenAiServer(String path) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(path, this::handle);
    server.setExecutor(threads);
  }

  /** A new server, listening: started only once constructed, so that its threads see all of the subclass. */
  protected static <S extends FakeOpenAiServer<?>> S started(Constructor<S> constructor) {
    try {
      S fake = constructor.construct();
      FakeOpenAiServer<?> plumbing = fake;
      plumbing.server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer when no test scripted one. */
  protected abstract R defaultReply(Request request) throws IOException;

  /** Writes {@code reply}: status, headers and body, with whatever pauses it asks for. */
  protected abstract void send(HttpExchange exchange, R reply) throws IOException, InterruptedException;

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public void respond(Responder<R> responder) {
    this.responder = responder;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
          JSON.readTree(exchange.getRequestBody()));
      requests.add(request);
      send(exchange, responder.reply(request, requests.size()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (a timeout test): nobody is listening for this answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
