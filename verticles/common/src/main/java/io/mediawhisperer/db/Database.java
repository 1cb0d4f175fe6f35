package io.mediawhisperer.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Properties;

/** Turns the configured PostgreSQL URL into a Vert.x pool or a JDBC connection for Flyway. */
public final class Database {

  private Database() {
  }

  /** Accepts {@code postgresql://}, {@code postgres://} and {@code jdbc:postgresql://} URLs. */
  public static PgConnectOptions connectOptions(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL configured");
    }
    String uri = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    try {
      return PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + redact(url) + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A pool shared by every verticle instance of this Vert.x that asks for the same {@code name}
   * (each instance closing its handle; the last one closes the connections), so N instances of
   * a verticle do not open N pools, and each pool's metrics carry its own name.
   */
  public static Pool pool(Vertx vertx, String name, String url, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setShared(true).setName("mw-" + name))
        .connectingTo(connectOptions(url))
        .using(vertx)
        .build();
  }

  public static String jdbcUrl(String url) {
    PgConnectOptions o = connectOptions(url);
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  public static Properties jdbcProperties(String url) {
    PgConnectOptions o = connectOptions(url);
    Properties p = new Properties();
    if (o.getUser() != null) {
      p.setProperty("user", o.getUser());
    }
    if (o.getPassword() != null) {
      p.setProperty("password", o.getPassword());
    }
    return p;
  }

  /** The URL with any password replaced, for logs and error messages. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@");
  }
}
