package io.mediawhisperer.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CorpusTest {

  /** Tests run in their module's directory, test-support/ here: the checkout is its parent. */
  @Test
  void theCheckoutIsTheOutermostDirectoryWithAPomAndTheCorpusLivesBesideIt() {
    Path module = Path.of("").toAbsolutePath().normalize();
    assertThat(Corpus.checkout()).isEqualTo(module.getParent());
    if (System.getProperty(Corpus.PROPERTY) == null && System.getenv(Corpus.ENV) == null) {
      assertThat(Corpus.location()).isEqualTo(module.getParent().getParent().resolve("shared/corpus"));
    }
  }

  @Test
  void theCorpusIsThereAndHasItsFiles() {
    assertThat(Corpus.root()).isDirectory();
    assertThat(Corpus.file("pdf/tracemonkey-two-column.pdf")).isRegularFile();
  }
}
