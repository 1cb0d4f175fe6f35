package io.mediawhisperer.launcher;

import io.mediawhisperer.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A client of a server-sent-event stream, reading events as they arrive. */
final class Sse {

  record Event(String name, JsonObject data) {
  }

  /** What a stream delivered: the status, the content type, and its events in order. */
  record Stream(int status, String contentType, List<Event> events, String body) {
    String joinedDeltas() {
      StringBuilder text = new StringBuilder();
      events.stream().filter(e -> e.name().equals("delta")).forEach(e -> text.append(e.data().getString("text")));
      return text.toString();
    }
  }

  private Sse() {
  }

  /**
   * POSTs {@code body} with {@code Accept: text/event-stream} and reads events until the stream
   * ends, or until {@code hangUpAfter} accepts an event, when the client closes the connection.
   */
  static Stream post(Vertx vertx, int port, String token, String path, JsonObject body, Predicate<Event> hangUpAfter) {
    HttpClient client = vertx.createHttpClient();
    List<Event> events = new CopyOnWriteArrayList<>();
    StringBuilder raw = new StringBuilder();
    Promise<Stream> done = Promise.promise();
    client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
            .putHeader("authorization", "Bearer " + token).putHeader("accept", "text/event-stream")
            .putHeader("content-type", "application/json"))
        .compose(request -> request.send(body.encode()))
        .onFailure(done::tryFail)
        .onSuccess((HttpClientResponse response) -> {
          response.handler(chunk -> {
            raw.append(chunk.toString());
            int end;
            while ((end = raw.indexOf("\n\n")) >= 0) {
              String block = raw.substring(0, end);
              raw.delete(0, end + 2);
              String name = null;
              String data = null;
              for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                  name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                  data = line.substring(6);
                }
              }
              Event event = new Event(name, data == null ? null : new JsonObject(data));
              events.add(event);
              if (hangUpAfter.test(event)) {
                response.request().connection().close();
                done.tryComplete(new Stream(response.statusCode(), response.getHeader("content-type"), events, raw.toString()));
              }
            }
          });
          response.endHandler(v -> done.tryComplete(
              new Stream(response.statusCode(), response.getHeader("content-type"), events, raw.toString())));
          response.exceptionHandler(done::tryFail);
        });
    try {
      return Await.result(done.future());
    } finally {
      client.close();
    }
  }
}
