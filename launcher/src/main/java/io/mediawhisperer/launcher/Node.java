package io.mediawhisperer.launcher;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.node.NodeIdentity;
import io.mediawhisperer.node.PluginCatalog;
import io.mediawhisperer.node.Plugins;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: its database (embedded or not, migrated), its Vert.x (local or clustered) and
 * the verticles of its roles. Start and stop are blocking and run on the launcher's thread.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final DatabaseHandle database;
  private final Vertx vertx;
  private final PluginCatalog plugins;
  private volatile boolean stopped;

  private Node(DatabaseHandle database, Vertx vertx, PluginCatalog plugins) {
    this.database = database;
    this.vertx = vertx;
    this.plugins = plugins;
  }

  public static Node start(JsonObject config) throws Exception {
    long started = System.nanoTime();
    Set<Role> roles = Role.parse(config.getString(ConfigKeys.ROLES.name()));
    Files.createDirectories(Path.of(config.getString(ConfigKeys.DATA_DIR.name())));
    // before anything starts: a broken or duplicate plugin jar stops the node with a message naming it
    PluginCatalog plugins = PluginCatalog.load(Plugins.directory(config));
    DatabaseHandle database;
    try {
      database = DatabaseHandle.open(config);
    } catch (Exception e) {
      plugins.close();
      throw e;
    }
    // one identity for the whole process: it owns the node's jobs and names it in the cluster view
    JsonObject verticleConfig = NodeIdentity.create(config).addTo(config.copy().put(ConfigKeys.DB_URL.name(), database.url()));
    Vertx vertx;
    try {
      vertx = await(NodeVertx.create(verticleConfig), "cannot create Vert.x"
          + (config.getBoolean(ConfigKeys.CLUSTER.name()) ? " or join the cluster" : ""));
    } catch (Exception e) {
      database.close();
      plugins.close();
      throw e;
    }
    Plugins.install(vertx, plugins);
    Node node = new Node(database, vertx, plugins);
    try {
      for (Role role : Role.START_ORDER.stream().filter(roles::contains).toList()) {
        await(vertx.deployVerticle(role.verticle(),
                new DeploymentOptions().setConfig(verticleConfig).setInstances(role.instances())),
            "role " + role.id() + " failed to start");
      }
      // every node, whatever its roles: the cluster view lists it once it runs what it announces
      await(vertx.deployVerticle(new NodePresenceVerticle(), new DeploymentOptions().setConfig(verticleConfig)),
          "the node presence failed to start");
    } catch (Exception e) {
      node.close();
      throw e;
    }
    LOG.info("node {} up in {} ms: roles {}, {}", verticleConfig.getString(NodeIdentity.CONFIG_ID),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Role.describe(roles), vertx.isClustered() ? "clustered" : "standalone");
    return node;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Stops accepting requests, undeploys every verticle (closing their pools), then stops the embedded database. */
  @Override
  public synchronized void close() throws Exception {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("stopping");
    Future<Void> closing = vertx.close();
    // a stop that hangs says where: every thread's stack goes to the log after a minute
    closing.toCompletionStage().toCompletableFuture()
        .orTimeout(SLOW_STOP_SECONDS, TimeUnit.SECONDS)
        .exceptionally(slow -> {
          if (slow instanceof java.util.concurrent.TimeoutException) {
            LOG.warn("Vert.x has not closed after {} s; threads:\n{}", SLOW_STOP_SECONDS, threadDump());
          }
          return null;
        });
    try {
      await(closing, "Vert.x did not close cleanly");
    } finally {
      plugins.close();
      database.close();
    }
    LOG.info("stopped");
  }

  private static final long SLOW_STOP_SECONDS = 60;

  private static String threadDump() {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
      for (StackTraceElement frame : stack) {
        dump.append("    at ").append(frame).append('\n');
      }
    });
    return dump.toString();
  }

  private static <T> T await(Future<T> future, String whatFailed) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(whatFailed + ": " + DatabaseHandle.rootMessage(e.getCause()), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(whatFailed + ": no answer within 120 s", e);
    }
  }
}
