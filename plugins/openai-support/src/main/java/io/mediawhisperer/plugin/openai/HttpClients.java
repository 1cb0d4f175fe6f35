package io.mediawhisperer.plugin.openai;

import java.net.http.HttpClient;
import java.time.Duration;

/** The JDK's HTTP client, as the plugins use it. */
public final class HttpClients {

  private HttpClients() {
  }

  /**
   * HTTP/1.1: on plain http the JDK would otherwise offer an h2c upgrade, which some local servers
   * answer badly; neither a batch of embeddings nor a stream of events gains anything from HTTP/2.
   */
  public static HttpClient http11(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }
}
