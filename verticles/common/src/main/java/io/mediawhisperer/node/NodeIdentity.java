package io.mediawhisperer.node;

import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.util.UUID;

/**
 * Who a running node is: its {@code name} (the {@code node-name} key, or {@code <host>-<pid>}) and
 * an {@code id} unique to this start of the process ({@code <name>-<8 hex>}). The id owns the jobs
 * the node runs and names its row in the {@code nodes} table, so a restarted node never mistakes
 * its predecessor's jobs for its own. The launcher makes it once and hands it to every verticle in
 * its configuration; a verticle deployed alone (tests) gets a fresh one.
 */
public record NodeIdentity(String id, String name) {

  /** The verticle configuration entry that carries the id (set by the launcher, not a configuration key). */
  public static final String CONFIG_ID = "node-id";

  /** Blocking (the host name): called once, before Vert.x starts. */
  public static NodeIdentity create(JsonObject config) {
    String name = config.getString(ConfigKeys.NODE_NAME.name());
    if (name == null || name.isBlank()) {
      name = hostName() + "-" + ProcessHandle.current().pid();
    }
    return new NodeIdentity(name.trim() + "-" + UUID.randomUUID().toString().substring(0, 8), name.trim());
  }

  /** The identity the launcher put into a verticle's configuration, or a fresh one. */
  public static NodeIdentity of(JsonObject config) {
    String id = config.getString(CONFIG_ID);
    String name = config.getString(ConfigKeys.NODE_NAME.name());
    if (id != null && name != null) {
      return new NodeIdentity(id, name);
    }
    String fallback = name != null ? name : "node";
    return new NodeIdentity(fallback + "-" + UUID.randomUUID().toString().substring(0, 8), fallback);
  }

  /** Writes the identity into a verticle configuration. */
  public JsonObject addTo(JsonObject config) {
    return config.put(CONFIG_ID, id).put(ConfigKeys.NODE_NAME.name(), name);
  }

  private static String hostName() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      return host == null || host.isBlank() ? "localhost" : host.replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (Exception e) {
      return "localhost";
    }
  }
}
