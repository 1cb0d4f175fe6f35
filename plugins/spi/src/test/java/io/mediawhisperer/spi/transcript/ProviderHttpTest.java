package io.mediawhisperer.spi.transcript;

import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.assertReason;
import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {

  /** Answers every request with 200 "ok", or with {@code size} bytes for /big. */
  static final class Echo extends FakeVideoServer {
    @Override
    protected void handle(HttpExchange exchange) throws java.io.IOException {
      if (exchange.getRequestURI().getPath().equals("/big")) {
        send(exchange, 200, "text/plain", "x".repeat(200_000));
      } else {
        send(exchange, 200, "text/plain", "ok");
      }
    }
  }

  private static ProviderHttp http(URI url, Map<String, String> more) {
    Map<String, String> values = new java.util.HashMap<>(Map.of("url", url.toString(), "backoff-ms", "1"));
    values.putAll(more);
    return new ProviderHttp(ProviderHttp.Settings.from(new PluginSettings(values), "https://www.youtube.com"));
  }

  @Test
  void requestsAreSpacedByTheRateLimitOnceTheBurstIsSpent() throws Exception {
    try (Echo echo = new Echo(); ProviderHttp http = http(echo.url(), Map.of("requests-per-minute", "600"))) {
      long started = System.nanoTime();
      List<CompletableFuture<ProviderHttp.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 70; i++) {
        calls.add(http.get(http.resolve("/r" + i), Map.of()).toCompletableFuture());
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
      // 600 a minute: a burst of 60, then one every 100 ms: the last 10 need at least 0.9 s
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
      assertThat(echo.requests()).isEqualTo(70);
    }
  }

  @Test
  void aBodyPastMaxBytesFailsAndRequestsGoOnlyToTheServiceHost() throws Exception {
    try (Echo echo = new Echo(); ProviderHttp http = http(echo.url(), Map.of("max-bytes", "1000"))) {
      assertThat(await(http.get(http.resolve("/small"), Map.of())).body()).isEqualTo("ok");
      assertReason(() -> http.get(http.resolve("/big"), Map.of()), TranscriptException.Reason.TOO_LARGE);
      assertReason(() -> http.get(URI.create("http://127.0.0.2:" + echo.url().getPort() + "/x"), Map.of()),
          TranscriptException.Reason.INVALID_RESPONSE);
      assertThat(echo.requestsMentioning("/x")).isZero();
    }
  }

  @Test
  void settingsAreCheckedAndTheKeyIsNeverPrinted() {
    assertThatThrownBy(() -> ProviderHttp.Settings.from(new PluginSettings(Map.of("url", "ftp://host")), "https://x"))
        .hasMessageContaining("'url'");
    assertThatThrownBy(() -> ProviderHttp.Settings.from(new PluginSettings(Map.of("retries", "-1")), "https://x"))
        .hasMessageContaining("'retries'");
    ProviderHttp.Settings settings = ProviderHttp.Settings.from(new PluginSettings(Map.of("api-key", "sekret")), "https://api.example");
    assertThat(settings.toString()).doesNotContain("sekret");
    assertThat(ProviderHttp.retryAfterSeconds("7")).isEqualTo(7L);
    assertThat(ProviderHttp.retryAfterSeconds("soon")).isNull();
  }
}
