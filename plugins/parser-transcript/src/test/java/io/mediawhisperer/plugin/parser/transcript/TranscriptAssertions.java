package io.mediawhisperer.plugin.parser.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.ParsedSource.Segment;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Checks shared by the transcript parser tests. */
final class TranscriptAssertions {

  private TranscriptAssertions() {
  }

  static List<String> texts(ParsedSource parsed) {
    return parsed.segments().stream().map(Segment::text).toList();
  }

  static String joined(ParsedSource parsed) {
    return String.join(" ", texts(parsed));
  }

  /** The failure code of {@code call}, which must throw a ParseException. */
  static String failureCode(ThrowingCallable call) {
    ParseException failure = catchThrowableOfType(ParseException.class, call);
    assertThat(failure).as("a ParseException").isNotNull();
    return failure.code();
  }

  static ParseException failure(ThrowingCallable call) {
    ParseException failure = catchThrowableOfType(ParseException.class, call);
    assertThat(failure).as("a ParseException").isNotNull();
    return failure;
  }

  /** The first index where a run of {@code n} words is followed straight away by the same run, or -1. */
  static int firstRepeatedRun(String text, int n) {
    String[] words = text.split("\\s+");
    for (int i = 0; i + 2 * n <= words.length; i++) {
      if (Arrays.equals(words, i, i + n, words, i + n, i + 2 * n)) {
        return i;
      }
    }
    return -1;
  }
}
