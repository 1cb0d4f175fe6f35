package io.mediawhisperer.plugin.transcript.supadata;

import com.sun.net.httpserver.HttpExchange;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Supadata that answers each path with what a test sets, recording the API key of every request. */
final class ScriptedSupadata extends FakeVideoServer {

  record Answer(int status, String body) {
  }

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> apiKeys = new CopyOnWriteArrayList<>();

  ScriptedSupadata answer(String path, int status, String body) {
    answers.put(path, new Answer(status, body));
    return this;
  }

  /** The {@code x-api-key} header of each request so far ("(none)" when absent). */
  List<String> apiKeys() {
    return List.copyOf(apiKeys);
  }

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestHeaders().getFirst("x-api-key");
    apiKeys.add(key == null ? "(none)" : key);
    Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(),
        new Answer(404, "{\"error\":\"not-found\",\"message\":\"nothing scripted\"}"));
    send(exchange, answer.status(), "application/json", answer.body());
  }
}
