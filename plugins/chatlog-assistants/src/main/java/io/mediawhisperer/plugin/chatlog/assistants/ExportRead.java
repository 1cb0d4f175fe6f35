package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;

/**
 * The bookkeeping of one read: hands conversations and warnings to the sink, keeps the time limit,
 * and decides what a file that breaks off or holds nothing means. Every reader here reads the same
 * way, so the rules live in one place.
 */
final class ExportRead {

  private final ChatLogSink sink;
  private final String export;
  private final long started = System.nanoTime();
  private final long maxNanos;
  private int delivered;
  private int skipped;
  private boolean stopped;

  /** {@code export} names the document in sentences: "Claude export", "Gemini activity file". */
  ExportRead(ChatLogSink sink, ParseLimits limits, String export) {
    this.sink = sink;
    this.export = export;
    long max;
    try {
      max = limits.maxTime().toNanos();
    } catch (ArithmeticException moreThanCenturies) {
      max = Long.MAX_VALUE;
    }
    this.maxNanos = max;
  }

  /** False once the sink wants no more; the reader then stops, which is no failure. */
  boolean wantsMore() {
    if (!stopped && !sink.wantsMore()) {
      stopped = true;
    }
    return !stopped;
  }

  /**
   * The next element of {@code doc}, or null at its end. When the file breaks off after whole
   * elements were read, what was read is kept: a warning says where it broke and the read ends
   * there; when it breaks before any, the read fails.
   */
  JsonNode next(JsonArrayStream doc) throws ParseException, IOException {
    try {
      return doc.next();
    } catch (ParseException broken) {
      if (doc.elementsRead() == 0 || !ParseException.CORRUPT.equals(broken.code())) {
        throw broken;
      }
      int whole = doc.elementsRead();
      sink.skipped(broken.getMessage() + " What came before that point (" + whole + (whole == 1 ? " entry" : " entries")
          + ") was read; the rest was not.");
      skipped++;
      return null;
    }
  }

  void conversation(ChatConversation conversation) {
    sink.conversation(conversation);
    delivered++;
  }

  void skipped(String warning) {
    sink.skipped(warning);
    skipped++;
  }

  void deliver(Outcome outcome) {
    if (outcome.conversation() != null) {
      conversation(outcome.conversation());
    } else {
      skipped(outcome.skipped());
    }
  }

  /** Fails the read once it has taken longer than the limits allow; called between conversations. */
  void checkClock() throws ParseException {
    if (System.nanoTime() - started > maxNanos) {
      throw new ParseException(ParseException.TOO_LARGE, "Reading the " + export + " took longer than the "
          + (maxNanos / 1_000_000_000L) + " seconds allowed; " + delivered + " conversations were read before it stopped.");
    }
  }

  /** At the end of the document: a read that gave the sink nothing fails with a sentence saying why. */
  void finish(String whenNothingAtAll) throws ParseException {
    if (delivered > 0 || stopped) {
      return;
    }
    if (skipped > 0) {
      throw new ParseException(ParseException.EMPTY, "No conversation of this " + export
          + " could be read; the warnings say why for each.");
    }
    throw new ParseException(ParseException.EMPTY, whenNothingAtAll);
  }

  /** What became of one entry of an export: a conversation, or the sentence saying why it was skipped. */
  record Outcome(ChatConversation conversation, String skipped) {

    static Outcome read(ChatConversation conversation) {
      return new Outcome(conversation, null);
    }

    static Outcome skip(String label, String why) {
      return new Outcome(null, "Conversation '" + label + "' was skipped: " + why + ".");
    }
  }
}
