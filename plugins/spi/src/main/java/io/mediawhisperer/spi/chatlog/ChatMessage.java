package io.mediawhisperer.spi.chatlog;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param externalId the service's id of the message, or null when it has none
 * @param role       {@code user}, {@code assistant}, {@code system} or {@code tool} (a tool's call
 *                   or result: browsing, code); a service's own names are mapped to these
 * @param content    the text as a person reads it: blocks joined, citation markers made readable;
 *                   never null, may be empty only for a tool call without text
 * @param createdAt  when it was written, or null when the export does not say
 * @param model      the model that wrote an assistant message, when the export names it
 * @param toolName   the tool a {@code tool} message belongs to, when known
 */
public record ChatMessage(String externalId, String role, String content, Instant createdAt, String model, String toolName) {

  public static final java.util.Set<String> ROLES = java.util.Set.of("user", "assistant", "system", "tool");

  public ChatMessage {
    Objects.requireNonNull(content, "content");
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("role must be one of " + ROLES + ", not " + role);
    }
  }

  public static ChatMessage of(String role, String content, Instant createdAt) {
    return new ChatMessage(null, role, content, createdAt, null, null);
  }
}
