package io.mediawhisperer.plugin.chat.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's own chat template (from its GGUF file), applied by llama.cpp. The end of the
 * assistant's turn is a special token the server stops at, so no stop strings are needed.
 * Native: call only on the engine's worker thread.
 */
final class ModelTemplate implements PromptFormat {

  private final LlamaModel model;

  ModelTemplate(LlamaModel model) {
    this.model = model;
  }

  @Override
  public String render(String system, List<Turn> history, String user) {
    List<Pair<String, String>> messages = new ArrayList<>();
    history.forEach(turn -> messages.add(new Pair<>(turn.role(), turn.content())));
    messages.add(new Pair<>("user", user));
    return model.applyTemplate(new InferenceParameters("").setMessages(system, messages));
  }

  @Override
  public List<String> stops() {
    return List.of();
  }
}
