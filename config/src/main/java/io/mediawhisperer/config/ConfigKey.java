package io.mediawhisperer.config;

import java.util.Locale;

/**
 * One configuration key. The same key is spelled three ways: {@code http-port} in the JSON
 * file, {@code --http-port} on the command line and {@code MW_HTTP_PORT} in the environment.
 */
public record ConfigKey(String name, String description) {

  public String flag() {
    return "--" + name;
  }

  public String envVar() {
    return "MW_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
