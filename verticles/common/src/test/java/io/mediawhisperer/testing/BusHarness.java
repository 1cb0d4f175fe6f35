package io.mediawhisperer.testing;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Drives one verticle only through its bus contract (the {@code *Bus} classes of bus-api), as the
 * rest of a node would: a Vert.x of its own, the fresh migrated database of this JVM
 * ({@link TestDatabase}), a temporary data directory, and fake owners of the other addresses it
 * calls, which record what it sent them. Make one, register the fakes, then {@link #deploy}:
 *
 * <pre>{@code
 * try (BusHarness bus = BusHarness.start(new JsonObject())) {
 *   BusHarness.Fake search = bus.fake(RetrievalBus.SEARCH, request -> new JsonObject().put("results", hits));
 *   bus.deploy(new ChatVerticle());
 *   JsonObject created = bus.request(ChatBus.CREATE, new JsonObject().put("userId", user));
 *   Failure missing = bus.failure(ChatBus.GET, ...);   // status 404, code not_found
 * }
 * }</pre>
 *
 * Every verticle deployed gets the harness's configuration ({@code db-url} and {@code data-dir}
 * filled in unless given). The test thread waits for each answer (at most {@link Await}'s bound),
 * so a test reads top to bottom.
 */
public final class BusHarness implements AutoCloseable {

  private final Vertx vertx;
  private final JsonObject config;
  private final Path dataDir;
  private Pool db;

  private BusHarness(Vertx vertx, JsonObject config, Path dataDir) {
    this.vertx = vertx;
    this.config = config;
    this.dataDir = dataDir;
  }

  /** A harness with {@code config} plus, when absent, this JVM's test database and a new data directory. */
  public static BusHarness start(JsonObject config) {
    try {
      Path dataDir = Files.createTempDirectory("mw-bus-harness");
      JsonObject full = config.copy();
      if (!full.containsKey(ConfigKeys.DB_URL.name())) {
        full.put(ConfigKeys.DB_URL.name(), TestDatabase.url());
      }
      if (!full.containsKey(ConfigKeys.DATA_DIR.name())) {
        full.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
      }
      return new BusHarness(Vertx.vertx(), full, dataDir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot make the harness's data directory", e);
    }
  }

  /** Deploys {@code verticle} with the harness's configuration and waits until it has started. */
  public BusHarness deploy(Deployable verticle) {
    Await.result(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config.copy())));
    return this;
  }

  /**
   * Answers {@code address} in place of its owner: {@code answer} gets each request's body and
   * returns the reply, a {@link JsonObject}, or a {@link Failure} to fail the request with. An
   * exception thrown by {@code answer} fails the request with a 500. Register fakes before
   * {@link #deploy} when the verticle calls them while starting.
   */
  public Fake fake(String address, Function<JsonObject, Object> answer) {
    Fake fake = new Fake(address);
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, message -> fake.handle(message, answer));
    Await.result(consumer.completion());
    return fake;
  }

  /** Sends {@code body} to {@code address}; the reply's body, or the test fails with the failure. */
  public JsonObject request(String address, JsonObject body) {
    return Await.result(send(address, body));
  }

  /** Sends {@code body} to {@code address} and returns the {@link Failure} it ended with; the test fails if it succeeded. */
  public Failure failure(String address, JsonObject body) {
    return Await.failure(send(address, body));
  }

  /** The request as a future, for a test that wants to send several at once. */
  public Future<JsonObject> send(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(60_000))
        .map(Message::body);
  }

  /** Runs {@code sql} on the test database (to set up the rows of tables other verticles own) and returns its rows. */
  public List<Row> sql(String sql, Object... params) {
    List<Row> rows = new ArrayList<>();
    Await.result(pool().preparedQuery(sql).execute(Tuple.from(params))).forEach(rows::add);
    return rows;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The configuration every verticle is deployed with. */
  public JsonObject config() {
    return config.copy();
  }

  public Path dataDir() {
    return dataDir;
  }

  private synchronized Pool pool() {
    if (db == null) {
      db = Database.pool(vertx, "bus-harness", config.getString(ConfigKeys.DB_URL.name()), 2);
    }
    return db;
  }

  /** Undeploys everything (verticles stop as on a node's shutdown) and closes the Vert.x. */
  @Override
  public void close() {
    // the verticles stop first (as on a node's shutdown), while the database they may flush to is still there
    for (String id : vertx.deploymentIDs()) {
      Await.result(vertx.undeploy(id));
    }
    if (db != null) {
      Await.result(db.close());
    }
    Await.result(vertx.close());
  }

  /** A fake owner of one address, with every request body it received, in order. */
  public static final class Fake {
    private final String address;
    private final List<JsonObject> received = new CopyOnWriteArrayList<>();

    private Fake(String address) {
      this.address = address;
    }

    public String address() {
      return address;
    }

    /** The bodies received so far (a copy). */
    public List<JsonObject> received() {
      return List.copyOf(received);
    }

    /** The last body received; fails the test when none was. */
    public JsonObject last() {
      if (received.isEmpty()) {
        throw new AssertionError("nothing was sent to " + address);
      }
      return received.get(received.size() - 1);
    }

    /**
     * The first body received that {@code matches}, waiting for it (at most {@link Await}'s bound):
     * for what a verticle publishes, which may arrive after the reply to the request that caused it.
     */
    public JsonObject await(Predicate<JsonObject> matches) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.SECONDS);
      synchronized (this) {
        while (true) {
          for (JsonObject body : received) {
            if (matches.test(body)) {
              return body;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("nothing matching was sent to " + address + " within " + Await.SECONDS + " s; received " + received);
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + address, e);
          }
        }
      }
    }

    private void handle(Message<JsonObject> message, Function<JsonObject, Object> answer) {
      received.add(message.body() == null ? new JsonObject() : message.body().copy());
      synchronized (this) {
        notifyAll(); // a test thread in await
      }
      Object reply;
      try {
        reply = answer.apply(message.body());
      } catch (Failure.FailureException e) {
        e.failure().replyTo(message);
        return;
      } catch (RuntimeException e) {
        new Failure(500, Failure.INTERNAL, "the fake of " + address + " threw " + e).replyTo(message);
        return;
      }
      if (reply instanceof Failure failure) {
        failure.replyTo(message);
      } else if (reply instanceof JsonObject json) {
        message.reply(json);
      } else {
        new Failure(500, Failure.INTERNAL, "the fake of " + address + " answered neither a JsonObject nor a Failure: " + reply)
            .replyTo(message);
      }
    }
  }
}
