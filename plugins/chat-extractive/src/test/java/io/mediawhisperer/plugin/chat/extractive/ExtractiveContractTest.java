package io.mediawhisperer.plugin.chat.extractive;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.chat.ChatModelContract;
import io.mediawhisperer.spi.chat.ChatModelProvider;

/** The contract, unrelaxed: an offline model that reads the passages itself can meet all of it. */
class ExtractiveContractTest extends ChatModelContract {

  @Override
  protected ChatModelProvider provider() {
    return new ExtractiveProvider();
  }

  @Override
  protected PluginSettings settings() {
    return PluginSettings.empty();
  }
}
