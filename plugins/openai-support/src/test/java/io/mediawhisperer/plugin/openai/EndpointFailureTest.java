package io.mediawhisperer.plugin.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointFailureTest {

  @Test
  void eachKindSaysWhetherAndWhenToAskAgain() {
    EndpointFailure permanent = EndpointFailure.permanent("refused", false);
    assertThat(permanent.retryable()).isFalse();
    assertThat(permanent.retryNow()).isFalse();
    assertThat(permanent.retryAfter()).isEmpty();

    EndpointFailure timeout = EndpointFailure.timeout("slow", false);
    assertThat(timeout.retryable()).isTrue();
    assertThat(timeout.retryNow()).isFalse();

    IOException cause = new IOException("reset");
    EndpointFailure busy = EndpointFailure.transientFailure("busy", false, Optional.of(Duration.ofSeconds(3)), cause);
    assertThat(busy.retryable()).isTrue();
    assertThat(busy.retryNow()).isTrue();
    assertThat(busy.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(busy).hasMessage("busy").hasCause(cause);
  }

  @Test
  void nothingIsAskedAgainAtOnceAfterOutput() {
    EndpointFailure cut = EndpointFailure.transientFailure("broke off", true, Optional.empty(), null);
    assertThat(cut.afterOutput()).isTrue();
    assertThat(cut.retryable()).isTrue();
    assertThat(cut.retryNow()).isFalse();
    assertThat(EndpointFailure.permanent("nonsense", true).afterOutput()).isTrue();
  }

  @Test
  void classifiesStatuses() {
    for (int status : new int[] {429, 408, 500, 502, 503, 504}) {
      assertThat(EndpointFailure.transientStatus(status)).as("%d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 422}) {
      assertThat(EndpointFailure.transientStatus(status)).as("%d", status).isFalse();
    }
    assertThat(EndpointFailure.credentialsStatus(401)).isTrue();
    assertThat(EndpointFailure.credentialsStatus(403)).isTrue();
    assertThat(EndpointFailure.credentialsStatus(404)).isFalse();
  }
}
