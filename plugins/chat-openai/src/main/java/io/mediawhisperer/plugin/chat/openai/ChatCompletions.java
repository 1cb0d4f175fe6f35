package io.mediawhisperer.plugin.chat.openai;

import io.mediawhisperer.plugin.openai.EndpointFailure;
import io.mediawhisperer.plugin.openai.HttpClients;
import io.mediawhisperer.plugin.openai.RetryAfter;
import io.mediawhisperer.plugin.openai.ServerText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One {@code POST {base-url}/chat/completions} with {@code stream: true}: sends the messages,
 * hands each piece of the answer on as it arrives, and turns every way it can go wrong into an
 * {@link EndpointFailure} that says whether to ask again. Timeouts are enforced here, while
 * reading: the answer must be complete within {@code timeout-seconds}, and once it has begun,
 * no pause may last longer than {@code idle-timeout-seconds}. Messages name the endpoint, quote
 * the server, and never contain the API key. Thread-safe: the HTTP client is shared, everything
 * else belongs to the call.
 */
final class ChatCompletions implements AutoCloseable {

  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final String DONE = "[DONE]";

  private final ChatSettings settings;
  private final HttpClient http;
  private final Clock clock;

  ChatCompletions(ChatSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClients.http11(settings.connectTimeout());
  }

  /** The whole answer; each piece of it went to {@code deltas} first, in order. */
  String complete(List<ChatJson.Message> messages, int maxTokens, Consumer<String> deltas)
      throws EndpointFailure, InterruptedException {
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    ResponseStream response = new ResponseStream();
    try {
      response.watch(http.sendAsync(request(messages, maxTokens), response));
      ResponseStream.Head head = head(response, deadline);
      if (head.status() < 200 || head.status() >= 300) {
        throw refusal(head, body(response, deadline));
      }
      if (head.headers().firstValue("Content-Type").orElse("").contains("application/json")) {
        return whole(body(response, deadline), deltas);
      }
      return stream(response, deadline, deltas);
    } finally {
      response.cancel();
    }
  }

  private HttpRequest request(List<ChatJson.Message> messages, int maxTokens) {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.completionsUri())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            ChatJson.request(settings.model(), messages, settings.temperature(), maxTokens)));
    settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    return request.build();
  }

  private ResponseStream.Head head(ResponseStream response, long deadline) throws EndpointFailure, InterruptedException {
    ResponseStream.Event event = response.next(remaining(deadline));
    if (event == null) {
      throw EndpointFailure.timeout(where() + " did not answer within " + seconds(settings.timeout()), false);
    }
    if (event instanceof ResponseStream.Failed failed) {
      throw failure(failed.cause(), false);
    }
    return (ResponseStream.Head) event;
  }

  /** The body of a response that is not a stream (an error, or a server that ignored {@code stream}). */
  private byte[] body(ResponseStream response, long deadline) throws EndpointFailure, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      ResponseStream.Event event = response.next(remaining(deadline));
      if (event == null) {
        throw EndpointFailure.timeout(where() + " did not finish its response within " + seconds(settings.timeout()),
            false);
      }
      if (event instanceof ResponseStream.Bytes bytes && body.size() < MAX_ERROR_BODY) {
        body.writeBytes(bytes.bytes());
      } else if (event instanceof ResponseStream.Failed failed) {
        throw failure(failed.cause(), false);
      } else if (event instanceof ResponseStream.End) {
        return body.toByteArray();
      }
    }
  }

  private String whole(byte[] body, Consumer<String> deltas) throws EndpointFailure {
    String text = new String(body, StandardCharsets.UTF_8);
    ChatJson.Chunk completion = ChatJson.chunk(text)
        .orElseThrow(() -> malformed("a body that is not a chat completion: " + quote(text), false));
    if (completion.error() != null) {
      throw EndpointFailure.permanent(where() + " reported an error: " + quote(completion.error()), false);
    }
    if (completion.content().isEmpty()) {
      throw malformed("a completion without content: " + quote(text), false);
    }
    deltas.accept(completion.content());
    return completion.content();
  }

  private String stream(ResponseStream response, long deadline, Consumer<String> deltas)
      throws EndpointFailure, InterruptedException {
    SseParser parser = new SseParser();
    StringBuilder answer = new StringBuilder();
    boolean begun = false;
    while (true) {
      Duration left = remaining(deadline);
      boolean idle = begun && settings.idleTimeout().compareTo(left) < 0;
      ResponseStream.Event event = response.next(idle ? settings.idleTimeout() : left);
      boolean output = answer.length() > 0;
      if (event == null) {
        throw EndpointFailure.timeout(idle
            ? where() + " sent nothing for " + seconds(settings.idleTimeout()) + " in the middle of its answer"
            : where() + " did not finish its answer within " + seconds(settings.timeout()), output);
      }
      if (event instanceof ResponseStream.Failed failed) {
        throw failure(failed.cause(), output);
      }
      List<String> payloads = event instanceof ResponseStream.Bytes bytes ? parser.feed(bytes.bytes()) : parser.finish();
      begun = true;
      for (String payload : payloads) {
        if (payload.equals(DONE)) {
          return finished(answer, parser);
        }
        ChatJson.Chunk chunk = ChatJson.chunk(payload)
            .orElseThrow(() -> malformed("an event that is not JSON: " + quote(payload), output));
        if (chunk.error() != null) {
          throw EndpointFailure.transientFailure(where() + " reported an error while answering: "
              + quote(chunk.error()), answer.length() > 0, Optional.empty(), null);
        }
        if (!chunk.content().isEmpty()) {
          answer.append(chunk.content());
          deltas.accept(chunk.content());
        }
      }
      if (event instanceof ResponseStream.End) {
        return finished(answer, parser);
      }
    }
  }

  /** The answer, when there is one: a stream cut before {@code [DONE]} still counts if it said something. */
  private String finished(StringBuilder answer, SseParser parser) throws EndpointFailure {
    if (answer.length() == 0) {
      String ignored = parser.firstIgnoredLine();
      throw malformed("a stream without any answer" + (ignored == null ? "" : ", starting with " + quote(ignored)), false);
    }
    return answer.toString();
  }

  private EndpointFailure refusal(ResponseStream.Head head, byte[] body) {
    int status = head.status();
    String quoted = quote(ChatJson.errorMessage(body));
    if (EndpointFailure.transientStatus(status)) {
      Optional<Duration> retryAfter = RetryAfter.parse(head.headers().firstValue("Retry-After"), clock);
      return EndpointFailure.transientFailure(where() + " answered " + status + ": " + quoted, false, retryAfter, null);
    }
    if (EndpointFailure.credentialsStatus(status)) {
      String problem = settings.apiKey().isPresent()
          ? "the chat endpoint refused the API key (" + status + ")"
          : "the chat endpoint wants an API key (" + status + ") and setting '" + ChatSettings.API_KEY + "' is not set";
      return EndpointFailure.permanent(problem + ": " + quoted + " (" + where() + ")", false);
    }
    return EndpointFailure.permanent(where() + " refused the request (" + status + "): " + quoted, false);
  }

  private EndpointFailure failure(Throwable thrown, boolean afterOutput) {
    Throwable cause = thrown;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return EndpointFailure.transientFailure("cannot connect to " + where() + " within "
          + seconds(settings.connectTimeout()), afterOutput, Optional.empty(), cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return EndpointFailure.timeout(where() + " did not answer within " + seconds(settings.timeout()), afterOutput);
    }
    if (cause instanceof ConnectException) {
      return EndpointFailure.transientFailure("cannot connect to " + where() + ": " + cause.getMessage(), afterOutput,
          Optional.empty(), cause);
    }
    if (cause instanceof IOException || cause instanceof CancellationException) {
      return EndpointFailure.transientFailure(where() + " broke off: " + cause, afterOutput, Optional.empty(), cause);
    }
    return EndpointFailure.permanent(where() + " failed: " + cause, afterOutput);
  }

  private EndpointFailure malformed(String what, boolean afterOutput) {
    return EndpointFailure.permanent(where() + " sent a malformed response: " + what, afterOutput);
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private String where() {
    return "POST " + settings.endpointForMessages();
  }

  /** Server text fit for a message: short, and without the key should the server echo it. */
  private String quote(String text) {
    return ServerText.quote(text, settings.apiKey());
  }

  @Override
  public void close() {
    http.shutdownNow();
  }
}
