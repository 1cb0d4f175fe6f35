package io.mediawhisperer.http;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may use the session cookie where the browser sends it on its own, such as a
 * WebSocket handshake (browsers apply no same-origin rule to those): the server's own origin (the
 * Origin's host and port are the request's Host; the scheme is not compared, so a server behind
 * a TLS proxy still knows its pages) and those listed in {@code http-allowed-origins}. A request
 * without an Origin header does not come from a browser's page and is not this check's business.
 */
final class Origins {

  private final Set<String> allowed;

  /** {@code configured}: comma-separated {@code scheme://host[:port]}, or null. */
  Origins(String configured) {
    this.allowed = configured == null ? Set.of() : Arrays.stream(configured.split(","))
        .map(Origins::normalized).filter(origin -> !origin.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  boolean allows(RoutingContext ctx) {
    String origin = ctx.request().getHeader("origin");
    if (origin == null) {
      return true;
    }
    String normalized = normalized(origin);
    if (allowed.contains(normalized)) {
      return true;
    }
    String host = ctx.request().getHeader("host");
    int scheme = normalized.indexOf("://");
    return host != null && scheme > 0 && normalized.substring(scheme + 3).equals(host.strip().toLowerCase(Locale.ROOT));
  }

  private static String normalized(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
