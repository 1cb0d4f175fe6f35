package io.mediawhisperer.bus;

/**
 * The bus contract of the chat verticle: conversations, their messages, cited answers from the
 * chat model, and summaries. Every conversation request carries {@code userId} (set by the
 * http verticle from the authenticated user); another user's conversation is 404
 * {@value Failure#NOT_FOUND}, like one that does not exist. Conversation and Message are the HTTP contract's
 * shapes: Conversation {@code {"id", "title", "sourceIds", "collectionId"?, "summary"?,
 * "createdAt", "updatedAt", "lastMessage"?, "messages"? and "messagesCursor"? (on GET only)}}; Message {@code {"id",
 * "role", "content", "createdAt", "metadata"}}.
 */
public final class ChatBus {

  /**
   * {@code {"userId", "title"?, "sourceIds"?, "collectionId"?}} -> {@code {"conversation"}}. The
   * scope is the given sources, or the collection's sources, or (neither given) all the user's
   * sources; a source or collection that is not the user's is 404.
   */
  public static final String CREATE = "chat.conversations.create";

  /** {@code {"userId", "limit"?, "cursor"?}} -> {@code {"items", "nextCursor"}}, newest activity first. */
  public static final String LIST = "chat.conversations.list";

  /**
   * {@code {"userId", "conversationId"}} -> {@code {"conversation"}} with its 50 latest
   * {@code "messages"}, oldest first, and {@code "messagesCursor"}: the {@link #MESSAGES} cursor of
   * the messages before them, null when there are none (the conversation is all there).
   */
  public static final String GET = "chat.conversations.get";

  /**
   * {@code {"userId", "conversationId", "limit"?, "cursor"?}} -> {@code {"items": [Message],
   * "nextCursor"}}: the conversation's messages, newest first (a history is read backwards from
   * its end, as a chat scrolls up); a {@code messagesCursor} of {@link #GET} continues where its
   * messages stop.
   */
  public static final String MESSAGES = "chat.conversations.messages";

  /** {@code {"userId", "conversationId"}} -> {@code {}}; its messages go with it. */
  public static final String DELETE = "chat.conversations.delete";

  /**
   * {@code {"userId", "conversationId", "content", "streamAddress"?}} -> {@code {"userMessage",
   * "message"}}. Stores the question first (it stays even when answering fails), retrieves within
   * the conversation's scope, answers with the chat model and stores the answer, whose metadata
   * holds {@code "sources"} (the hits given to the model, each with its {@code "marker"} and
   * {@code "cited"}), {@code "citations"} (the markers the answer cites, in order),
   * {@code "retrievalTimeMs"}, {@code "generationTimeMs"} and {@code "model"}. With
   * {@code streamAddress}, each piece of the answer is also sent there as it is written:
   * {@code {"seq": 0.., "text"}}; the pieces joined equal the stored answer. A failing model is
   * 503 {@value #MODEL_FAILED}.
   */
  public static final String ASK = "chat.conversations.ask";

  /**
   * {@code {"title", "passages": [{"text", "sourceTitle"?, "locator"?}], "maxWords"?, "kind"?, "sections"?}} ->
   * {@code {"summary", "model"}}: a summary written by this node's chat model. {@code kind} says what the
   * passages are: {@code "document"} (cleaned paragraphs, locators {@code "p. N"}), {@code "transcript"}
   * (sentences, locators {@code "12:05"}), {@code "chat_log"} (messages, each starting {@code "User: "} or
   * {@code "Assistant: "}); absent, anything. {@code sections}, {@code [{"title", "firstPassage"}]} with
   * increasing indices into the passages, are the source's parts: the summary follows them. 400 for
   * sections that are not.
   */
  public static final String SUMMARIZE = "chat.summarize";

  /**
   * A conversation brought from a personal export: {@code {"userId", "title"?, "sourceIds"?, "collectionId"?,
   * "messages": [{"role": "user"|"assistant"|"system", "content", "createdAt"?, "metadata"?}]}} (at most
   * {@value #MAX_IMPORTED_MESSAGES}) -> {@code {"conversation"}}; the messages keep their order, times and
   * metadata. 400 for a malformed message, 404 for a scope that is not the user's.
   */
  public static final String IMPORT = "chat.conversations.import";
  public static final int MAX_IMPORTED_MESSAGES = 10_000;

  public static final String MODEL_FAILED = "chat_model_failed";

  /** How long a caller waits for an answer: a remote model may write for minutes. */
  public static final long ANSWER_TIMEOUT_MS = 300_000;

  private ChatBus() {
  }
}
