package io.mediawhisperer.plugin.transcript.youtube;

import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;

/** The failures this provider's readers raise, worded once. */
final class Failures {

  private Failures() {
  }

  /** YouTube answered something this provider cannot read: most likely YouTube changed its pages. */
  static TranscriptException invalid(String what) {
    return invalid(what, null);
  }

  static TranscriptException invalid(String what, Throwable cause) {
    return new TranscriptException(Reason.INVALID_RESPONSE, "cannot read YouTube's answer: " + what
        + (cause == null || cause.getMessage() == null ? "" : " (" + firstLine(cause.getMessage()) + ")"), null, cause);
  }

  static TranscriptException notFound(String what) {
    return new TranscriptException(Reason.NOT_FOUND, what);
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
