package io.mediawhisperer.spi.transcript;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP every transcript provider needs, in one place so that each keeps the same promises:
 * requests only to the configured service's host (a redirect elsewhere is refused, not followed),
 * a timeout per request, retries with exponential backoff (and jitter) on 429 and 5xx and on
 * connection failures, honouring {@code Retry-After}; a per-provider rate limit (a token bucket:
 * {@code requests-per-minute}, bursts of a tenth of a minute's worth); bodies read up to
 * {@code max-bytes} and no further. Answers other than 429 and 5xx are returned for the provider
 * to read (a 404 means something different to each service).
 */
public final class ProviderHttp implements AutoCloseable {

  /** Longest Retry-After honoured; a service that asks for more fails the request at once with it. */
  static final long MAX_RETRY_AFTER_SECONDS = 60;
  private static final int MAX_REDIRECTS = 3;

  /** The settings every provider shares (keys without their {@code transcript-provider-} prefix). */
  public record Settings(URI baseUrl, String apiKey, Duration timeout, int retries, Duration backoff, int requestsPerMinute,
      long maxBytes) {

    public Settings {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (baseUrl.getHost() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
        throw new IllegalArgumentException("setting 'url' must be an http(s) URL with a host, not '" + baseUrl + "'");
      }
    }

    /** Reads {@code url} (else {@code defaultUrl}), {@code api-key}, {@code timeout-seconds} (10), {@code retries} (3),
     * {@code backoff-ms} (500), {@code requests-per-minute} (120; 0 is no limit), {@code max-bytes} (8 MiB). */
    public static Settings from(PluginSettings settings, String defaultUrl) {
      URI url;
      try {
        url = URI.create(settings.get("url", defaultUrl));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("setting 'url' is not a URL: " + e.getMessage(), e);
      }
      int timeout = positive(settings, "timeout-seconds", 10);
      int retries = notNegative(settings, "retries", 3);
      int backoff = notNegative(settings, "backoff-ms", 500);
      int perMinute = notNegative(settings, "requests-per-minute", 120);
      long maxBytes = positive(settings, "max-bytes", 8 * 1024 * 1024);
      String key = settings.get("api-key", null);
      return new Settings(url, key, Duration.ofSeconds(timeout), retries, Duration.ofMillis(backoff), perMinute, maxBytes);
    }

    private static int positive(PluginSettings settings, String key, int fallback) {
      int v = settings.getInt(key, fallback);
      if (v < 1) {
        throw new IllegalArgumentException("setting '" + key + "' must be at least 1, not " + v);
      }
      return v;
    }

    private static int notNegative(PluginSettings settings, String key, int fallback) {
      int v = settings.getInt(key, fallback);
      if (v < 0) {
        throw new IllegalArgumentException("setting '" + key + "' must not be negative, not " + v);
      }
      return v;
    }

    @Override
    public String toString() {
      return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***") + ", timeout=" + timeout
          + ", retries=" + retries + ", backoff=" + backoff + ", requestsPerMinute=" + requestsPerMinute + ", maxBytes=" + maxBytes + "]";
    }
  }

  /** An answer: its status, its headers, its body as text (UTF-8). */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final Settings settings;
  private final HttpClient client;
  private final ScheduledExecutorService timer;
  private final TokenBucket bucket;

  public ProviderHttp(Settings settings) {
    this.settings = settings;
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.timeout())
        .build();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mw-transcript-http-timer");
      t.setDaemon(true);
      return t;
    });
    this.bucket = new TokenBucket(settings.requestsPerMinute());
  }

  public Settings settings() {
    return settings;
  }

  /** {@code pathAndQuery} on the service's base URL (whose path it extends). */
  public URI resolve(String pathAndQuery) {
    String base = settings.baseUrl().toString();
    return URI.create(base.endsWith("/") && pathAndQuery.startsWith("/") ? base + pathAndQuery.substring(1) : base + pathAndQuery);
  }

  /** Whether {@code uri} is on the service's own scheme, host and port (where a provider may send requests). */
  public boolean onServiceHost(URI uri) {
    URI base = settings.baseUrl();
    return uri.getHost() != null && uri.getHost().equalsIgnoreCase(base.getHost())
        && Objects.equals(uri.getScheme(), base.getScheme()) && port(uri) == port(base);
  }

  public CompletionStage<Response> get(URI uri, Map<String, String> headers) {
    return send(uri, headers, null, 0, 0);
  }

  public CompletionStage<Response> post(URI uri, Map<String, String> headers, String jsonBody) {
    return send(uri, headers, Objects.requireNonNull(jsonBody, "jsonBody"), 0, 0);
  }

  private CompletionStage<Response> send(URI uri, Map<String, String> headers, String body, int attempt, int redirects) {
    if (!onServiceHost(uri)) {
      return CompletableFuture.failedFuture(new TranscriptException(Reason.INVALID_RESPONSE,
          "refused to reach " + hostOf(uri) + ": this provider only talks to " + hostOf(settings.baseUrl())));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
        .header("User-Agent", "MediaWhisperer (self-hosted; transcript provider)");
    headers.forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return bucket.take(timer)
        .thenCompose(v -> client.sendAsync(request.build(), info -> capped(info, settings.maxBytes())))
        .handle((response, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TranscriptException te) {
              return CompletableFuture.<Response>failedFuture(te);
            }
            if (attempt < settings.retries()) {
              return later(backoff(attempt), () -> send(uri, headers, body, attempt + 1, redirects));
            }
            return CompletableFuture.<Response>failedFuture(new TranscriptException(Reason.UNAVAILABLE, "cannot reach "
                + hostOf(uri) + " (" + describe(cause) + ", " + (attempt + 1) + " attempts): this server may have no network access",
                null, cause));
          }
          int status = response.statusCode();
          Response answer = new Response(status, response.headers().map(), response.body());
          if (status >= 300 && status < 400 && answer.header("Location") != null) {
            URI next = uri.resolve(answer.header("Location"));
            if (!onServiceHost(next)) {
              return CompletableFuture.<Response>failedFuture(new TranscriptException(Reason.INVALID_RESPONSE,
                  hostOf(uri) + " redirected to " + hostOf(next) + ", another host: not followed"));
            }
            if (redirects >= MAX_REDIRECTS) {
              return CompletableFuture.<Response>failedFuture(new TranscriptException(Reason.INVALID_RESPONSE,
                  hostOf(uri) + " redirected more than " + MAX_REDIRECTS + " times"));
            }
            return send(next, headers, body, attempt, redirects + 1);
          }
          if (status == 429 || status >= 500) {
            Long retryAfter = retryAfterSeconds(answer.header("Retry-After"));
            boolean waitable = retryAfter == null || retryAfter <= MAX_RETRY_AFTER_SECONDS;
            if (attempt < settings.retries() && waitable) {
              Duration wait = retryAfter != null ? Duration.ofSeconds(retryAfter) : backoff(attempt);
              return later(wait, () -> send(uri, headers, body, attempt + 1, redirects));
            }
            return CompletableFuture.<Response>failedFuture(status == 429
                ? new TranscriptException(Reason.RATE_LIMITED, hostOf(uri) + " is limiting this server's requests (429, "
                    + (attempt + 1) + " attempts)", retryAfter, null)
                : new TranscriptException(Reason.UNAVAILABLE, hostOf(uri) + " answered " + status + " " + (attempt + 1)
                    + " times", retryAfter, null));
          }
          return CompletableFuture.completedFuture(answer);
        })
        .thenCompose(stage -> stage);
  }

  private CompletionStage<Response> later(Duration wait, java.util.function.Supplier<CompletionStage<Response>> call) {
    CompletableFuture<Response> result = new CompletableFuture<>();
    timer.schedule(() -> call.get().whenComplete((r, e) -> {
      if (e != null) {
        result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      } else {
        result.complete(r);
      }
    }), wait.toMillis(), TimeUnit.MILLISECONDS);
    return result;
  }

  private Duration backoff(int attempt) {
    long base = settings.backoff().toMillis() << Math.min(attempt, 10);
    return Duration.ofMillis(base + (base > 0 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : 0));
  }

  static Long retryAfterSeconds(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      try {
        long at = java.time.ZonedDateTime.parse(header.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant().getEpochSecond();
        return Math.max(0, at - java.time.Instant.now().getEpochSecond());
      } catch (java.time.format.DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /** A body read into memory up to {@code max} bytes: a larger one (by its Content-Length or as it arrives) fails with TOO_LARGE. */
  private static HttpResponse.BodySubscriber<String> capped(HttpResponse.ResponseInfo info, long max) {
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      return failing(new TranscriptException(Reason.TOO_LARGE, "the answer is " + declared + " bytes, more than max-bytes " + max));
    }
    return new CappedBody(max);
  }

  private static HttpResponse.BodySubscriber<String> failing(TranscriptException error) {
    CappedBody body = new CappedBody(0);
    body.result.completeExceptionally(error);
    return body;
  }

  private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
    private final long max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CompletableFuture<String> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      if (bytes.size() > max) {
        result.completeExceptionally(new TranscriptException(Reason.TOO_LARGE, "the answer passed max-bytes " + max + " and was not read further"));
        subscription.cancel();
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
  }

  private static String describe(Throwable t) {
    String name = t.getClass().getSimpleName();
    return t.getMessage() == null ? name : name + ": " + t.getMessage();
  }

  private static String hostOf(URI uri) {
    return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    client.shutdownNow();
  }

  /** Requests per minute as a token bucket, so a playlist's burst of requests is spaced out, not refused. */
  private static final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long updated = System.nanoTime();

    TokenBucket(int perMinute) {
      this.perNano = perMinute / 60e9;
      this.capacity = Math.max(1, perMinute / 10.0);
      this.tokens = capacity;
    }

    /** Completes when a request may go: at once while tokens last, else when the next one is due. */
    CompletionStage<Void> take(ScheduledExecutorService timer) {
      if (perNano == 0) {
        return CompletableFuture.completedFuture(null);
      }
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - updated) * perNano);
        updated = now;
        tokens -= 1;
        waitNanos = tokens >= 0 ? 0 : (long) (-tokens / perNano);
      }
      if (waitNanos == 0) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> due = new CompletableFuture<>();
      timer.schedule(() -> due.complete(null), waitNanos, TimeUnit.NANOSECONDS);
      return due;
    }
  }
}
