package io.mediawhisperer.plugin.chatlog.chatgpt;

/**
 * One conversation of an export cannot be made sense of (no mapping, a cycle, nothing readable):
 * the conversation is skipped with a warning and the read goes on. The reason completes the
 * sentence "Conversation 'X' was skipped: ...".
 */
final class UnreadableConversation extends Exception {

  UnreadableConversation(String reason) {
    super(reason, null, false, false);
  }

  String reason() {
    return getMessage();
  }
}
