package io.mediawhisperer.bench;

import io.mediawhisperer.testsupport.FreshDatabase;
import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.launcher.Node;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The node a benchmark measures, set up the same way for every benchmark: a temporary work
 * directory, all roles on a free port of 127.0.0.1, and either a fresh database on a PostgreSQL
 * server or the node's embedded PostgreSQL. {@link #close()} stops the node, drops the database
 * and deletes the work directory, reporting (not throwing) what did not go cleanly.
 */
final class BenchNode implements AutoCloseable {

  static final String ALL_ROLES = "http,auth,ingestion,embedding,retrieval,chat,generation,audiobook,transcripts,cleanup";

  /** Where a benchmark reports its progress (stderr, with its own prefix). */
  interface Progress {
    void say(String format, Object... args);
  }

  /** What a benchmark does to the fresh database before the node starts on it. */
  interface DatabaseSetup {
    void prepare(FreshDatabase database) throws Exception;
  }

  final Path work;
  /** Null when the node runs its embedded PostgreSQL. */
  final FreshDatabase database;
  final Node node;
  final JsonObject config;
  final int port;
  /** How long the node took to start. */
  final long startMs;
  /** The work directory outlives the node (a benchmark reuses what it holds in a later run). */
  private final boolean kept;
  private final Progress progress;

  private BenchNode(Path work, FreshDatabase database, Node node, JsonObject config, int port, long startMs, boolean kept,
      Progress progress) {
    this.work = work;
    this.database = database;
    this.node = node;
    this.config = config;
    this.port = port;
    this.startMs = startMs;
    this.kept = kept;
    this.progress = progress;
  }

  /** {@link #start(String, String, Map, DatabaseSetup, Progress)} with nothing to prepare in the database. */
  static BenchNode start(String workPrefix, String server, Map<String, String> extraFlags, Progress progress)
      throws Exception {
    return start(workPrefix, server, extraFlags, database -> { }, progress);
  }

  /**
   * Starts a node with its data in {@code <work>/data}.
   *
   * @param server     a PostgreSQL server URL to make a fresh database on; null or blank: the
   *                   embedded PostgreSQL
   * @param extraFlags flags beside the common ones (e.g. {@code vector-backend})
   * @param setup      run on the fresh database before the node starts (not run without a server)
   */
  static BenchNode start(String workPrefix, String server, Map<String, String> extraFlags, DatabaseSetup setup,
      Progress progress) throws Exception {
    return start(Files.createTempDirectory(workPrefix), false, server, extraFlags, setup, progress);
  }

  /**
   * Starts a node on the embedded PostgreSQL with its data in {@code <work>/data}, where an earlier
   * run may have left it; {@link #close()} stops the node and keeps the directory.
   */
  static BenchNode startKept(Path work, Map<String, String> extraFlags, Progress progress) throws Exception {
    Files.createDirectories(work);
    return start(work, true, null, extraFlags, database -> { }, progress);
  }

  private static BenchNode start(Path work, boolean kept, String server, Map<String, String> extraFlags, DatabaseSetup setup,
      Progress progress) throws Exception {
    FreshDatabase database = null;
    try {
      int port = freePort();
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put("data-dir", work.resolve("data").toString());
      flags.put("http-host", "127.0.0.1");
      flags.put("http-port", String.valueOf(port));
      flags.put("roles", ALL_ROLES);
      if (server != null && !server.isBlank()) {
        database = FreshDatabase.create(server, "mw_bench_", false);
        setup.prepare(database);
        flags.put("db-url", database.url());
      }
      flags.putAll(extraFlags);
      JsonObject config = NodeConfig.load(null, Map.of(), flags);
      progress.say("starting a node (%s) in %s", describe(database), work);
      long started = System.nanoTime();
      Node node = Node.start(config);
      return new BenchNode(work, database, node, config, port, (System.nanoTime() - started) / 1_000_000, kept, progress);
    } catch (Exception | Error e) {
      dropQuietly(database, progress);
      if (!kept) {
        deleteRecursively(work, progress);
      }
      throw e;
    }
  }

  /** Which database the node runs on, for the report. */
  String databaseDescription() {
    return describe(database);
  }

  private static String describe(FreshDatabase database) {
    return database == null ? "embedded PostgreSQL (data-dir/pg)" : "fresh database " + database.name() + " on MW_BENCH_DB_URL";
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    progress.say("closing the node");
    try {
      node.close();
    } catch (Exception e) {
      progress.say("the node did not close cleanly: %s", e.getMessage());
    }
    dropQuietly(database, progress);
    if (kept) {
      progress.say("kept %s", work);
    } else {
      deleteRecursively(work, progress);
    }
  }

  private static void dropQuietly(FreshDatabase database, Progress progress) {
    if (database == null) {
      return;
    }
    try {
      database.close();
    } catch (Exception e) {
      progress.say("cannot drop database %s: %s", database.name(), e.getMessage());
    }
  }

  /** A benchmark's answer to a failure nobody expected: says so with the stack trace; exit code 1. */
  static int failed(Throwable e) {
    System.err.println("BENCH FAILED: " + e);
    e.printStackTrace();
    return 1;
  }

  /** Ends a benchmark: ONNX Runtime and DJL leave non-daemon threads behind, and the bench is done. */
  static void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Held so that the JUL level set below is not lost when the logger is garbage-collected. */
  private static final java.util.logging.Logger LUCENE_JUL = java.util.logging.Logger.getLogger("org.apache.lucene");

  /** Warnings and errors only, so the tables stand out; --verbose keeps the server's usual INFO log. */
  static void quietLogs() {
    for (String name : java.util.List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.flywaydb.core.internal.command.DbMigrate")) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
    LUCENE_JUL.setLevel(java.util.logging.Level.WARNING);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path root, Progress progress) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          progress.say("cannot delete %s: %s", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      progress.say("cannot delete %s: %s", root, e.getMessage());
    }
    if (Files.exists(root)) {
      progress.say("%s was not deleted completely", root);
    }
  }
}
