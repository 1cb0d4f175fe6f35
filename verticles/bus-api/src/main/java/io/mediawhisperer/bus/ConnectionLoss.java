package io.mediawhisperer.bus;

/**
 * Recognises an exception of a client library (the SQL client, a JDBC driver) that says a service
 * a request needs could not be reached or was lost. The bus contract depends on Vert.x core only,
 * so {@link Failure#isUnreachable} knows the JDK's network exceptions itself and asks every
 * implementation registered in {@code META-INF/services/io.mediawhisperer.bus.ConnectionLoss} about
 * the rest; verticles/common registers the one for the database ({@code SqlConnectionLoss}).
 */
public interface ConnectionLoss {

  /** Whether {@code error} itself (not its causes: the caller walks the chain) says a connection failed or was lost. */
  boolean signals(Throwable error);
}
