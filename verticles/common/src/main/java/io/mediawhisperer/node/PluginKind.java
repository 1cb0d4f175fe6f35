package io.mediawhisperer.node;

import io.mediawhisperer.config.ConfigKey;
import io.mediawhisperer.spi.NamedPlugin;

/**
 * One plugin kind as the server knows it: the SPI interface that {@link java.util.ServiceLoader}
 * looks up, an id and a title for logs and {@code GET /api/v1/admin/plugins}, and the configuration
 * key that picks the one plugin of the kind a node uses ({@code null} when every plugin of the kind
 * is used, as every source parser takes part in detecting an upload's format).
 */
public record PluginKind(String id, String title, Class<? extends NamedPlugin> type, ConfigKey selectedBy) {

  public PluginKind {
    if (id == null || title == null || type == null) {
      throw new IllegalArgumentException("a plugin kind needs an id, a title and an interface");
    }
  }
}
