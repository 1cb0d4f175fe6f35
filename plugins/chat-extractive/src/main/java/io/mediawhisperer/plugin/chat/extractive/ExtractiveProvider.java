package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModel;
import io.mediawhisperer.spi.chat.ChatModelProvider;

/**
 * Plugin "extractive", the default chat model: answers by quoting the sentences of the
 * retrieved passages that best match the question, with their citations, and summarises by
 * picking a document's most central sentences. It works offline, instantly and on any machine,
 * and it cannot make things up; what it cannot do is rephrase, combine or reason, for which a
 * node configures a generative model instead ({@code openai-compatible}). It has no settings.
 */
public final class ExtractiveProvider implements ChatModelProvider {

  public static final String NAME = "extractive";

  @Override
  public String name() {
    return NAME;
  }

  /** Settings are ignored: there is nothing to configure. */
  @Override
  public ChatModel open(PluginSettings settings) {
    return new ExtractiveModel();
  }
}
