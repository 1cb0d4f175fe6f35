package io.mediawhisperer.testing;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

/**
 * A Vert.x for a verticle deployed alone: with Prometheus metrics on, as the launcher's
 * {@code NodeVertx} makes a node's (never clustered here), so {@code /metrics} and the verticles'
 * counters work. Needs vertx-micrometer-metrics and micrometer-registry-prometheus on the test
 * classpath.
 */
public final class TestVertx {

  private TestVertx() {
  }

  public static Vertx withMetrics() {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory()).build();
  }
}
