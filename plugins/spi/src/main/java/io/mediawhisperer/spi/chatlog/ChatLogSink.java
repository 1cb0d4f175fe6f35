package io.mediawhisperer.spi.chatlog;

/** Where a {@link ChatExportReader} puts what it reads, one conversation at a time. */
public interface ChatLogSink {

  /** A conversation read in full (its main thread and its branches). */
  void conversation(ChatConversation conversation);

  /** A conversation (or a part of one) left out, with a sentence a person can act on. */
  void skipped(String warning);

  /** False once the server wants no more (a limit reached, the job cancelled): the reader stops. */
  default boolean wantsMore() {
    return true;
  }
}
