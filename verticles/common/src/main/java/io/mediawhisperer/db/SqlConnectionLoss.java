package io.mediawhisperer.db;

import io.mediawhisperer.bus.ConnectionLoss;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The database's lost connections, for {@link io.mediawhisperer.bus.Failure#isUnreachable}: a
 * connection closed under a query, SQLSTATE class 08 (connection exception), 57P01-57P03 (the
 * server shutting down, crashed, or starting up), 53300 (too many connections), from the Vert.x SQL
 * client or a JDBC driver, and the Vert.x SQL pool's own failure when no connection could be had in
 * time. Registered in {@code META-INF/services/io.mediawhisperer.bus.ConnectionLoss}: the bus
 * contract may not depend on the SQL client itself.
 */
public final class SqlConnectionLoss implements ConnectionLoss {

  @Override
  public boolean signals(Throwable e) {
    return e instanceof ClosedConnectionException
        || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
        || e instanceof DatabaseException db && unavailableState(db.getSqlState())
        || e instanceof SQLException sql && unavailableState(sql.getSQLState())
        || e.getClass() == VertxException.class && "Timeout waiting for connection".equals(e.getMessage());
  }

  private static boolean unavailableState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
        || sqlState.equals("57P03") || sqlState.equals("53300"));
  }
}
