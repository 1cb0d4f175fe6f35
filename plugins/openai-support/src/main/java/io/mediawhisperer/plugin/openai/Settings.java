package io.mediawhisperer.plugin.openai;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Checks for the settings every OpenAI-compatible plugin has, each failing with a message that
 * names the setting, so that a typo fails the node's start rather than the first request.
 */
public final class Settings {

  private Settings() {
  }

  /** {@code value} as an http or https URL with a host, such as {@code http://127.0.0.1:11434/v1}. */
  public static URI httpUrl(String key, String value) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("setting '" + key + "' must be an http or https URL such as "
            + "http://127.0.0.1:11434/v1, not '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("setting '" + key + "' is not a URL: '" + value + "'", e);
    }
  }

  public static int atLeast(String key, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException("setting '" + key + "' must be at least " + minimum + ", not " + value);
    }
    return value;
  }

  /** {@code {baseUrl}/{path}}, whether or not the base URL ends with a slash. */
  public static URI endpoint(URI baseUrl, String path) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + path);
  }

  /** The endpoint for messages: without any user:password that the base URL might carry. */
  public static String forMessages(URI endpoint) {
    if (endpoint.getUserInfo() == null) {
      return endpoint.toString();
    }
    return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + endpoint.getRawPath();
  }
}
