package io.mediawhisperer.plugin.chat.llama;

import java.util.List;

/**
 * Turns the conversation into the one string the model continues. A model trained on chats
 * follows instructions far better in the format it was trained on, so the model's own chat
 * template is used when its file carries one; otherwise a plain instruct layout.
 */
interface PromptFormat {

  /** One earlier turn: {@code user} or {@code assistant}. */
  record Turn(String role, String content) {
  }

  /** The prompt, ending where the model's answer begins. */
  String render(String system, List<Turn> history, String user);

  /** Strings that end the answer when the model writes them (it starts a new turn of its own). */
  List<String> stops();

  /** The plain layout, for a model without a chat template (a base model or an old conversion). */
  final class Plain implements PromptFormat {

    @Override
    public String render(String system, List<Turn> history, String user) {
      StringBuilder out = new StringBuilder(system).append("\n\n");
      for (Turn turn : history) {
        out.append("user".equals(turn.role()) ? "### User:\n" : "### Assistant:\n").append(turn.content().strip())
            .append("\n\n");
      }
      return out.append("### User:\n").append(user.strip()).append("\n\n### Assistant:\n").toString();
    }

    @Override
    public List<String> stops() {
      return List.of("### User:", "### Assistant:");
    }
  }
}
