package io.mediawhisperer.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web origins may act with a user's session cookie: the server's own (the Host the browser
 * addressed) and those listed in {@code http-allowed-origins}. A request the browser made from any
 * other page is cross-site, whatever its cookie says.
 */
final class Origins {

  private final Set<String> allowed;

  Origins(String configured) {
    this.allowed = configured == null ? Set.of() : Arrays.stream(configured.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Origins::normalize).collect(Collectors.toUnmodifiableSet());
  }

  /** True when the request's Origin (or, without one, its Referer) is this server or an allowed origin. */
  boolean sameOrAllowed(HttpServerRequest request) {
    String origin = request.getHeader("origin");
    if (origin == null || origin.isBlank()) {
      origin = originOf(request.getHeader("referer"));
    }
    if (origin == null || origin.equals("null")) {
      return false;
    }
    String normalized = normalize(origin);
    String host = request.getHeader("host");
    return allowed.contains(normalized) || host != null && hostOf(normalized).equalsIgnoreCase(host.trim());
  }

  private static String originOf(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = URI.create(url.trim());
      return uri.getScheme() == null || uri.getRawAuthority() == null ? null : uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  /** "http://host:port" -> "host:port". */
  private static String hostOf(String origin) {
    int scheme = origin.indexOf("://");
    return scheme < 0 ? origin : origin.substring(scheme + 3);
  }
}
