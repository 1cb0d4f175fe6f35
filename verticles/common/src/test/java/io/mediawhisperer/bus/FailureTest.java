package io.mediawhisperer.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What a failure means for a client (issue 11, finding 6: a database that is down is a 503, not a 500). */
class FailureTest {

  private static void assertUnavailable(Throwable error) {
    Failure failure = Failure.from(error);
    assertThat(failure.status()).as("%s", error).isEqualTo(503);
    assertThat(failure.code()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(failure.message()).as("nothing of the connection leaks").doesNotContain("127.0.0.1").doesNotContain("5432");
    assertThat(Failure.isUnreachable(error)).isTrue();
  }

  private static void assertInternal(Throwable error) {
    Failure failure = Failure.from(error);
    assertThat(failure.status()).as("%s", error).isEqualTo(500);
    assertThat(failure.code()).isEqualTo(Failure.INTERNAL);
    assertThat(Failure.isUnreachable(error)).isFalse();
  }

  @Test
  void aDatabaseThatCannotBeReachedIsA503() {
    assertUnavailable(new ConnectException("Connection refused: /127.0.0.1:5432"));
    assertUnavailable(new VertxException("connecting failed", new ConnectException("Connection refused")));
    assertUnavailable(new CompletionException(new SocketException("Connection reset")));
    assertUnavailable(ClosedConnectionException.INSTANCE);
    assertUnavailable(new VertxException("Timeout waiting for connection"));
    assertUnavailable(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null));
    assertUnavailable(new PgException("the database system is starting up", "FATAL", "57P03", null));
    assertUnavailable(new PgException("connection failure", "FATAL", "08006", null));
    assertUnavailable(new PgException("sorry, too many clients already", "FATAL", "53300", null));
    assertUnavailable(new SQLTransientConnectionException("mw-pgvector - Connection is not available, request timed out after 30000ms."));
    assertUnavailable(new UncheckedIOException(new java.io.IOException("x", new SQLException("gone", "08003"))));
  }

  @Test
  void otherFailuresStayA500AndBusFailuresKeepTheirStatus() {
    assertInternal(new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null));
    assertInternal(new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null));
    assertInternal(new IllegalStateException("a bug"));
    assertInternal(new VertxException("something else"));
    assertThat(Failure.from(Failure.notFound("no such source").asException()).status()).isEqualTo(404);
    assertThat(Failure.from(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, "service_unavailable: the vector backend lucene is down")))
        .isEqualTo(new Failure(503, Failure.UNAVAILABLE, "the vector backend lucene is down"));
    assertThat(Failure.from(new ReplyException(ReplyFailure.NO_HANDLERS, "none")).status()).isEqualTo(503);
  }

  @Test
  void aFailureIsDescribedInOneLine() {
    String line = Failure.describe(new VertxException("connecting failed", new ConnectException("Connection refused")));
    assertThat(line).isEqualTo("VertxException: connecting failed (ConnectException: Connection refused)").doesNotContain("\n");
  }
}
