package io.mediawhisperer.launcher;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Searches sent round after round on a thread of its own while a test changes the index under
 * them (a re-index, a re-chunk): every query in every mode per round; a search that fails or
 * comes back empty is kept, to be asserted on once {@link #close() stopped}.
 */
final class SearchLoop implements AutoCloseable {

  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger rounds = new AtomicInteger();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;

  SearchLoop(ApiClient api, String token, List<String> queries, List<String> modes) {
    thread = new Thread(() -> {
      while (running.get()) {
        String query = queries.get(rounds.get() % queries.size());
        for (String mode : modes) {
          HttpResponse<Buffer> got = api.post(token, "/api/v1/search", new JsonObject().put("query", query).put("mode", mode));
          if (got.statusCode() != 200) {
            failures.add(mode + " '" + query + "': " + got.statusCode() + " " + got.bodyAsString());
          } else if (got.bodyAsJsonObject().getJsonArray("results").isEmpty()) {
            failures.add(mode + " '" + query + "': no results");
          }
        }
        rounds.incrementAndGet();
      }
    }, "search-loop");
    // a failed assertion before close() must not keep the test JVM alive
    thread.setDaemon(true);
    thread.start();
  }

  int rounds() {
    return rounds.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Lets the round under way finish, then stops. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
  }
}
