package io.mediawhisperer.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may act with a user's session cookie: the server's own origin (the Origin's host
 * and port are the request's Host; the scheme is not compared, so a server behind a TLS proxy still
 * knows its pages) and those listed in {@code http-allowed-origins}. A request a browser made from
 * any other page is cross-site, whatever its cookie says.
 */
final class Origins {

  private final Set<String> allowed;

  /** {@code configured}: comma-separated {@code scheme://host[:port]}, or null. */
  Origins(String configured) {
    this.allowed = configured == null ? Set.of() : Arrays.stream(configured.split(","))
        .map(Origins::normalized).filter(origin -> !origin.isEmpty()).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * For a WebSocket handshake, where browsers apply no same-origin rule: a handshake without an
   * Origin header does not come from a browser's page and is not this check's business.
   */
  boolean allowsHandshake(HttpServerRequest request) {
    String origin = request.getHeader("origin");
    return origin == null || matches(origin, request);
  }

  /**
   * For a state-changing request authenticated by the cookie: its Origin (or, without one, its
   * Referer) must name this server or an allowed origin; a request naming neither is refused.
   */
  boolean sameOrAllowed(HttpServerRequest request) {
    String origin = request.getHeader("origin");
    if (origin == null || origin.isBlank()) {
      origin = originOf(request.getHeader("referer"));
    }
    return origin != null && !origin.equals("null") && matches(origin, request);
  }

  private boolean matches(String origin, HttpServerRequest request) {
    String normalized = normalized(origin);
    if (allowed.contains(normalized)) {
      return true;
    }
    String host = request.getHeader("host");
    int scheme = normalized.indexOf("://");
    return host != null && scheme > 0 && normalized.substring(scheme + 3).equals(host.strip().toLowerCase(Locale.ROOT));
  }

  private static String originOf(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(url.strip());
      return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String normalized(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
