package io.mediawhisperer.plugin.openai;

import java.util.Optional;

/** What a server said, fit to quote in a message. */
public final class ServerText {

  private static final int MAX_QUOTED_CHARS = 500;
  /** Shorter "keys" are placeholders (Ollama accepts anything); masking them would garble messages. */
  private static final int MIN_MASKED_KEY_LENGTH = 4;

  private ServerText() {
  }

  /** {@code text} short, and without the key should the server echo it. */
  public static String quote(String text, Optional<String> apiKey) {
    String quoted = text.strip();
    if (apiKey.isPresent() && apiKey.get().length() >= MIN_MASKED_KEY_LENGTH) {
      quoted = quoted.replace(apiKey.get(), "***");
    }
    return quoted.length() <= MAX_QUOTED_CHARS ? quoted : quoted.substring(0, MAX_QUOTED_CHARS) + "...";
  }
}
