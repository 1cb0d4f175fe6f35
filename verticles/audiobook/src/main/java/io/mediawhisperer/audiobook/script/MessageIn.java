package io.mediawhisperer.audiobook.script;

/**
 * A message of a chat log, in conversation order by {@code index}; {@code role} is {@code user},
 * {@code assistant} (or another name of the model's side, such as {@code model}), {@code system}
 * or {@code tool}; the last two are not read aloud.
 */
public record MessageIn(int index, String role, String content) {

  public MessageIn {
    role = role == null ? "" : role;
    content = content == null ? "" : content;
  }
}
