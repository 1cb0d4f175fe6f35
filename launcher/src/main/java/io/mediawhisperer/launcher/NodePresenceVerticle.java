package io.mediawhisperer.launcher;

import io.mediawhisperer.bus.IngestionBus;
import io.mediawhisperer.bus.NodeBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.node.NodeIdentity;
import io.mediawhisperer.serving.Replies;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's presence: the launcher deploys it on every node, whatever its roles. It records the node
 * in the {@code nodes} table (roles, process, JVM), heart-beats there, marks the row stopped on a
 * clean stop, answers pings addressed to this node, and answers {@link NodeBus#CLUSTER} for the
 * whole cluster. The database, not the Hazelcast membership, is the record: a node killed without
 * warning stays listed (as unresponsive) so an operator sees what went away, and the view is the
 * same standalone and clustered. Contract: {@link NodeBus}.
 */
public final class NodePresenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NodePresenceVerticle.class);
  /** Missed heartbeats after which a node counts as unresponsive. */
  static final int MISSED_BEATS = 3;
  private static final long PING_TIMEOUT_MS = 2_000;

  static final String UPSERT = """
      INSERT INTO nodes (id, name, roles, host, pid, version, clustered, heartbeat_seconds, info)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), info = EXCLUDED.info, stopped_at = NULL""";
  static final String HEARTBEAT = "UPDATE nodes SET heartbeat_at = now(), info = $2 WHERE id = $1";
  static final String STOPPED = "UPDATE nodes SET stopped_at = now(), heartbeat_at = now() WHERE id = $1";
  /** Rows of processes gone for a day are history, not cluster state. */
  static final String PRUNE = "DELETE FROM nodes WHERE heartbeat_at < now() - interval '1 day'";
  static final String NODES = """
      SELECT n.id, n.name, n.roles, n.host, n.pid, n.version, n.clustered, n.info, n.started_at, n.heartbeat_at, n.stopped_at,
             extract(epoch FROM now() - n.heartbeat_at) AS age_seconds,
             CASE WHEN n.stopped_at IS NOT NULL THEN 'stopped'
                  WHEN n.heartbeat_at >= now() - make_interval(secs => n.heartbeat_seconds * $1) THEN 'up'
                  ELSE 'unresponsive' END AS status
      FROM nodes n
      ORDER BY (n.stopped_at IS NULL) DESC, n.name, n.started_at DESC""";

  private Pool pool;
  private NodeIdentity identity;
  private long timer;
  private final long startedNanos = System.nanoTime();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    identity = NodeIdentity.of(config);
    pool = Database.pool(vertx, "presence", config.getString(ConfigKeys.DB_URL.name()), 1);
    int heartbeatSeconds = Math.max(1, config.getInteger(ConfigKeys.NODE_HEARTBEAT_SECONDS.name(), 10));
    String[] roles = Arrays.stream(config.getString(ConfigKeys.ROLES.name(), "").split(","))
        .map(String::trim).filter(r -> !r.isEmpty()).toArray(String[]::new);
    return vertx.executeBlocking(NodePresenceVerticle::hostName)
        .compose(host -> pool.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {identity.id(), identity.name(), roles, host,
            ProcessHandle.current().pid(), NodePresenceVerticle.class.getPackage().getImplementationVersion(), vertx.isClustered(),
            heartbeatSeconds, info()})))
        .compose(v -> pool.query(PRUNE).execute())
        .compose(v -> Future.all(
            vertx.eventBus().<JsonObject>consumer(NodeBus.ping(identity.id()),
                Replies.handler(m -> Future.succeededFuture(new JsonObject().put("id", identity.id())))).completion(),
            vertx.eventBus().<JsonObject>consumer(NodeBus.CLUSTER, Replies.handler(m -> cluster())).completion()))
        .onSuccess(v -> {
          long every = heartbeatSeconds * 1000L;
          timer = vertx.setPeriodic(every, every, id -> pool.preparedQuery(HEARTBEAT).execute(Tuple.of(identity.id(), info()))
              .onFailure(e -> LOG.warn("node heartbeat failed: {}", e.getMessage())));
          LOG.info("node {} ({}) present with roles {}", identity.name(), identity.id(), String.join(",", roles));
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (pool == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(STOPPED).execute(Tuple.of(identity.id()))
        .onFailure(e -> LOG.warn("cannot record this node as stopped: {}", e.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty()
        .compose(v -> pool.close());
  }

  /** The JVM's state, kept in the row at every heartbeat. */
  private JsonObject info() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new JsonObject()
        .put("heapUsedBytes", heap.getUsed())
        .put("heapMaxBytes", heap.getMax())
        .put("processors", Runtime.getRuntime().availableProcessors())
        .put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
  }

  private Future<JsonObject> cluster() {
    return Future.all(pool.preparedQuery(NODES).execute(Tuple.of(MISSED_BEATS)), runningJobsByNode())
        .compose(both -> {
          RowSet<Row> rows = both.resultAt(0);
          JsonObject running = both.resultAt(1);
          List<JsonObject> nodes = new ArrayList<>();
          List<Future<JsonObject>> pings = new ArrayList<>();
          for (Row row : rows) {
            JsonObject node = node(row);
            node.put("runningJobs", running.getLong(node.getString("id"), 0L));
            nodes.add(node);
            pings.add("stopped".equals(node.getString("status"))
                ? Future.succeededFuture(null)
                : ping(node.getString("id")));
          }
          return Future.join(pings).transform(done -> {
            JsonArray out = new JsonArray();
            for (int i = 0; i < nodes.size(); i++) {
              JsonObject node = nodes.get(i);
              Future<JsonObject> ping = pings.get(i);
              out.add(withHealth(node, ping.succeeded() ? ping.result() : new JsonObject().put("status", "DOWN")
                  .put("error", ping.cause() == null ? "no answer" : ping.cause().getMessage())));
            }
            return Future.succeededFuture(new JsonObject().put("nodes", out));
          });
        });
  }

  /** Asked of ingestion, which owns the jobs; with no ingestion role anywhere, no node runs a job. */
  private Future<JsonObject> runningJobsByNode() {
    return vertx.eventBus().<JsonObject>request(IngestionBus.RUNNING_JOBS, new JsonObject(), new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
        .map(reply -> reply.body().getJsonObject("byNode"))
        .otherwise(new JsonObject());
  }

  /** The round trip to the node over the (clustered) event bus: what "reachable" means for a verticle. */
  private Future<JsonObject> ping(String nodeId) {
    long sent = System.nanoTime();
    return vertx.eventBus().<JsonObject>request(NodeBus.ping(nodeId), new JsonObject(), new DeliveryOptions().setSendTimeout(PING_TIMEOUT_MS))
        .map(reply -> new JsonObject().put("status", "UP").put("latencyMs", (System.nanoTime() - sent) / 1_000_000.0));
  }

  private static JsonObject node(Row row) {
    JsonObject node = new JsonObject()
        .put("id", row.getString("id"))
        .put("name", row.getString("name"))
        .put("roles", new JsonArray(Arrays.asList(row.getArrayOfStrings("roles"))))
        .put("status", row.getString("status"))
        .put("host", row.getString("host"))
        .put("pid", row.getLong("pid"))
        .put("clustered", row.getBoolean("clustered"))
        .put("startedAt", time(row.getOffsetDateTime("started_at")))
        .put("heartbeatAt", time(row.getOffsetDateTime("heartbeat_at")))
        .put("heartbeatAgeSeconds", row.getNumeric("age_seconds").doubleValue())
        .put("jvm", row.getJsonObject("info"));
    if (row.getString("version") != null) {
      node.put("version", row.getString("version"));
    }
    if (row.getOffsetDateTime("stopped_at") != null) {
      node.put("stoppedAt", time(row.getOffsetDateTime("stopped_at")));
    }
    return node;
  }

  private static JsonObject withHealth(JsonObject node, JsonObject bus) {
    String status = node.getString("status");
    JsonObject heartbeat = new JsonObject().put("name", "heartbeat")
        .put("status", "up".equals(status) ? "UP" : "DOWN")
        .put("ageSeconds", node.remove("heartbeatAgeSeconds"));
    JsonObject eventBus = new JsonObject().put("name", "event-bus");
    if ("stopped".equals(status)) {
      eventBus.put("status", "DOWN").put("error", "stopped");
    } else {
      eventBus.mergeIn(bus);
    }
    boolean up = "UP".equals(heartbeat.getString("status")) && "UP".equals(eventBus.getString("status"));
    return node.put("health", new JsonObject().put("status", up ? "UP" : "DOWN")
        .put("checks", new JsonArray().add(heartbeat).add(eventBus)));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return null;
    }
  }
}
