package io.mediawhisperer.bus;

/**
 * The bus contract of the node presence, which every node runs whatever its roles (so it is always
 * answered, standalone or clustered). Each node records itself in the {@code nodes} table and
 * heart-beats there every {@code node-heartbeat-seconds}.
 */
public final class NodeBus {

  /**
   * {@code {}} -> {@code {"nodes": [Node]}}, every node that has run against this database in the
   * last day, running ones first. A Node is {@code {"id", "name", "roles": [...], "status":
   * "up"|"unresponsive"|"stopped", "host", "pid", "version"?, "clustered", "startedAt",
   * "heartbeatAt", "stoppedAt"?, "runningJobs", "jvm": {"heapUsedBytes", "heapMaxBytes",
   * "processors", "uptimeSeconds"}, "health": {"status": "UP"|"DOWN", "checks": [{"name":
   * "heartbeat", "status", "ageSeconds"}, {"name": "event-bus", "status", "latencyMs"?}]}}}: a node
   * is "unresponsive" after three missed heartbeats, and its event-bus check pings it over the bus
   * from the answering node. Administration only: the http verticle serves it to superusers.
   */
  public static final String CLUSTER = "nodes.cluster";

  private static final String PING_PREFIX = "nodes.ping.";

  private NodeBus() {
  }

  /** {@code {}} -> {@code {"id"}}: answered by the node with this id only. */
  public static String ping(String nodeId) {
    return PING_PREFIX + nodeId;
  }
}
