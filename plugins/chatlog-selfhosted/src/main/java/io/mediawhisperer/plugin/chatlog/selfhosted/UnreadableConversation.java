package io.mediawhisperer.plugin.chatlog.selfhosted;

import io.mediawhisperer.spi.parser.ParseException;

/** One conversation of an export that cannot be read; a reader of many skips it and goes on. */
final class UnreadableConversation extends Exception {

  private final boolean damaged;

  private UnreadableConversation(String why, boolean damaged) {
    super(why, null, false, false);
    this.damaged = damaged;
  }

  /** Broken links (a parent cycle): the export is damaged. {@code why} completes "... was skipped: ". */
  static UnreadableConversation damaged(String why) {
    return new UnreadableConversation(why, true);
  }

  /** Nothing to read (no messages, no text). {@code why} completes "... was skipped: ". */
  static UnreadableConversation empty(String why) {
    return new UnreadableConversation(why, false);
  }

  String warning(String titleOrId) {
    return "Conversation '" + titleOrId + "' was skipped: " + getMessage() + ".";
  }

  /** For an export that is this one conversation: the whole read fails. */
  ParseException failure(String service, String titleOrId) {
    return new ParseException(damaged ? ParseException.CORRUPT : ParseException.EMPTY,
        "The " + service + " conversation '" + titleOrId + "' cannot be read: " + getMessage() + ".");
  }
}
