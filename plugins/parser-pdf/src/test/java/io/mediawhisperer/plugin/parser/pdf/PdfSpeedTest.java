package io.mediawhisperer.plugin.parser.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.testsupport.Corpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs pages per second on the corpus, cold (first parse in this JVM) and warm, for capacity planning. */
class PdfSpeedTest {

  private static final Logger LOG = LoggerFactory.getLogger(PdfSpeedTest.class);
  private static final int WARM_ROUNDS = 5;
  /** Far below what PDFBox does here (hundreds of pages/s); only a pathological regression trips it. */
  private static final double MIN_PAGES_PER_SECOND = 2;

  private final PdfParser parser = new PdfParser();

  @Test
  void readsTheCorpusPdfsAtAUsefulSpeed() throws Exception {
    for (String name : new String[] {"pdf/tracemonkey-two-column.pdf", "pdf/udhr.pdf"}) {
      Path file = Corpus.file(name);
      long start = System.nanoTime();
      int pages = parser.parse(file, ParseLimits.defaults()).pages().size();
      double cold = pages / seconds(start);
      start = System.nanoTime();
      for (int i = 0; i < WARM_ROUNDS; i++) {
        ParsedSource parsed = parser.parse(file, ParseLimits.defaults());
        assertThat(parsed.pages()).hasSize(pages);
      }
      double warm = pages * WARM_ROUNDS / seconds(start);
      LOG.info("{}: {} pages, {} pages/s cold, {} pages/s warm (text and images)",
          name, pages, Math.round(cold), Math.round(warm));
      assertThat(warm).as("warm pages per second for " + name).isGreaterThan(MIN_PAGES_PER_SECOND);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
