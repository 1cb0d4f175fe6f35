package io.mediawhisperer.chat;

import io.mediawhisperer.bus.ChatBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RequestIds;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.settings.RuntimeSetting;
import io.mediawhisperer.settings.RuntimeSettings;
import io.mediawhisperer.spi.chat.ChatAnswer;
import io.mediawhisperer.spi.chat.ChatRequest;
import io.mediawhisperer.spi.chat.Passage;
import io.mediawhisperer.spi.chat.SummaryRequest;
import io.mediawhisperer.writing.NodeChatModel;
import io.mediawhisperer.writing.Passages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversations and the chat model. An answer is: store the question (so it survives whatever
 * follows), retrieve within the conversation's scope, give the model the passages and the recent
 * messages, stream what it writes, store the answer with the hits it was given. Contract:
 * {@link ChatBus}.
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);
  static final int MAX_QUESTION_CHARS = 8_000;
  /** Retrieval takes the question's first characters; a long question's point is usually near its start. */
  static final int MAX_QUERY_CHARS = 2_000;
  static final int DEFAULT_SUMMARY_WORDS = 150;

  private Pool pool;
  private Conversations conversations;
  private RuntimeSettings settings;
  private NodeChatModel writer;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "chat", config.getString(ConfigKeys.DB_URL.name()), 4);
    conversations = new Conversations(pool, vertx.eventBus());
    settings = RuntimeSettings.start(vertx, config);
    return settings.ready().compose(loaded -> NodeChatModel.open(vertx, config, "mw-chat"))
        .onSuccess(opened -> {
          writer = opened;
          LOG.info("chat model {}", opened.model().modelName());
        })
        .compose(v -> Future.all(List.of(
            consume(ChatBus.CREATE, this::create),
            consume(ChatBus.LIST, m -> conversations.list(Payloads.userId(m.body()), Pagination.from(m.body()))),
            consume(ChatBus.GET, m -> conversations.withLatestMessages(Payloads.userId(m.body()), conversationId(m))
                .map(c -> new JsonObject().put("conversation", c))),
            consume(ChatBus.MESSAGES, m -> conversations.messages(Payloads.userId(m.body()), conversationId(m),
                Pagination.from(m.body()))),
            consume(ChatBus.DELETE, m -> conversations.delete(Payloads.userId(m.body()), conversationId(m)).map(new JsonObject())),
            consume(ChatBus.ASK, this::ask),
            consume(ChatBus.SUMMARIZE, this::summarize),
            consume(ChatBus.IMPORT, this::importConversation))));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = writer == null ? Future.succeededFuture() : writer.close();
    return closed.eventually(() -> pool.close());
  }

  private Future<Void> consume(String address, java.util.function.Function<Message<JsonObject>, Future<JsonObject>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(action)).completion();
  }

  // --- conversations ---

  private Future<JsonObject> create(Message<JsonObject> message) {
    JsonObject body = message.body();
    String title = Payloads.optionalString(body, "title");
    if (title != null) {
      title = title.strip();
      if (title.isEmpty() || title.length() > 300) {
        throw Failure.invalidInput("title must have 1 to 300 characters").asException();
      }
    }
    List<UUID> sourceIds = Payloads.optionalSourceIds(body);
    String collection = Payloads.optionalString(body, "collectionId");
    return conversations.create(Payloads.userId(message.body()), title, sourceIds,
            collection == null ? null : Payloads.idOrNotFound(collection, "collection"))
        .map(c -> new JsonObject().put("conversation", c));
  }

  private Future<JsonObject> importConversation(Message<JsonObject> message) {
    JsonObject body = message.body();
    String title = Payloads.optionalString(body, "title");
    title = title == null || title.isBlank() ? null : title.strip().substring(0, Math.min(300, title.strip().length()));
    if (!(body.getValue("messages") instanceof io.vertx.core.json.JsonArray list) || list.size() > ChatBus.MAX_IMPORTED_MESSAGES) {
      throw Failure.invalidInput("messages must be an array of at most " + ChatBus.MAX_IMPORTED_MESSAGES + " messages").asException();
    }
    List<io.vertx.sqlclient.Tuple> messages = new java.util.ArrayList<>();
    java.time.OffsetDateTime previous = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusYears(100);
    for (int i = 0; i < list.size(); i++) {
      if (!(list.getValue(i) instanceof JsonObject m) || !(m.getValue("role") instanceof String role)
          || !java.util.Set.of("user", "assistant", "system").contains(role) || !(m.getValue("content") instanceof String content)
          || content.length() > 1_000_000) {
        throw Failure.invalidInput("messages[" + i + "] must be {role: user|assistant|system, content: text of at most 1,000,000 characters}")
            .asException();
      }
      java.time.OffsetDateTime at;
      try {
        at = m.getValue("createdAt") instanceof String t ? java.time.OffsetDateTime.parse(t) : null;
      } catch (java.time.format.DateTimeParseException e) {
        throw Failure.invalidInput("messages[" + i + "].createdAt must be an ISO-8601 time").asException();
      }
      // the order is the list's: a time out of order is moved just after the one before it
      at = at == null || !at.isAfter(previous) ? previous.plusNanos(1_000) : at;
      previous = at;
      messages.add(io.vertx.sqlclient.Tuple.of(role, content, m.getJsonObject("metadata", new JsonObject()), at));
    }
    List<UUID> sourceIds = Payloads.optionalSourceIds(body);
    String collection = Payloads.optionalString(body, "collectionId");
    return conversations.importConversation(Payloads.userId(body), title, sourceIds,
            collection == null ? null : Payloads.idOrNotFound(collection, "collection"), messages)
        .map(c -> new JsonObject().put("conversation", c));
  }

  // --- answers ---

  private Future<JsonObject> ask(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    UUID conversationId = conversationId(message);
    String question = Payloads.requiredString(message.body(), "content").strip();
    if (question.isEmpty() || question.length() > MAX_QUESTION_CHARS) {
      throw Failure.invalidInput("content must have 1 to " + MAX_QUESTION_CHARS + " characters").asException();
    }
    String stream = Payloads.optionalString(message.body(), "streamAddress");
    String requestId = RequestIds.of(message);
    return conversations.scope(userId, conversationId)
        .compose(scope -> conversations.add(userId, conversationId, "user", question, new JsonObject())
            .compose(userMessage -> answer(userId, scope, question, UUID.fromString(userMessage.getString("id")), stream, requestId)
                .map(answer -> new JsonObject().put("userMessage", userMessage).put("message", answer))));
  }

  private Future<JsonObject> answer(UUID userId, Conversations.Scope scope, String question, UUID questionId, String stream,
      String requestId) {
    long started = System.nanoTime();
    Future<JsonArray> hits = retrieve(userId, scope, question, requestId);
    Future<List<io.mediawhisperer.spi.chat.ChatMessage>> history =
        conversations.history(scope.id(), questionId, settings.get(RuntimeSetting.MAX_CONTEXT_MESSAGES));
    return Future.all(hits, history).compose(ready -> {
      long retrievalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      List<Passage> passages = Passages.of(hits.result());
      ChatRequest request = new ChatRequest(question, history.result(), passages);
      long generating = System.nanoTime();
      return writer.run(() -> writer.model().answer(request, streamer(stream)))
          .compose(written -> {
            JsonObject metadata = new JsonObject()
                .put("sources", cited(hits.result(), written))
                .put("citations", new JsonArray(written.citedMarkers()))
                .put("retrievalTimeMs", retrievalMs)
                .put("generationTimeMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - generating))
                .put("model", writer.model().modelName());
            return conversations.add(userId, scope.id(), "assistant", written.text(), metadata);
          });
    });
  }

  private Future<JsonArray> retrieve(UUID userId, Conversations.Scope scope, String question, String requestId) {
    JsonObject search = new JsonObject()
        .put("userId", userId.toString())
        .put("query", question.length() > MAX_QUERY_CHARS ? question.substring(0, MAX_QUERY_CHARS) : question)
        .put("mode", "hybrid");
    if (scope.sourceIds() != null) {
      search.put("sourceIds", new JsonArray(scope.sourceIds().stream().map(UUID::toString).toList()));
    }
    if (scope.collectionId() != null) {
      search.put("collectionId", scope.collectionId().toString());
    }
    return vertx.eventBus().<JsonObject>request(RetrievalBus.SEARCH, search, RequestIds.deliveryOptions(requestId))
        .map(reply -> reply.body().getJsonArray("results"));
  }

  /** The hits as the answer's sources: numbered as the model saw them, marked when the answer cites them. */
  private static JsonArray cited(JsonArray hits, ChatAnswer answer) {
    Set<Integer> cited = new HashSet<>(answer.citedMarkers());
    JsonArray sources = new JsonArray();
    for (int i = 0; i < hits.size(); i++) {
      sources.add(hits.getJsonObject(i).copy().put("marker", i + 1).put("cited", cited.contains(i + 1)));
    }
    return sources;
  }

  /**
   * Sends each piece the model writes to the asker's stream address, numbered so the asker can
   * check order; fire-and-forget, so an asker that went away costs nothing and the answer is still
   * stored.
   */
  private java.util.function.Consumer<String> streamer(String address) {
    if (address == null) {
      return piece -> { };
    }
    AtomicInteger seq = new AtomicInteger();
    return piece -> vertx.eventBus().send(address, new JsonObject().put("seq", seq.getAndIncrement()).put("text", piece));
  }

  // --- summaries ---

  private Future<JsonObject> summarize(Message<JsonObject> message) {
    JsonObject body = message.body();
    String title = Payloads.requiredString(body, "title");
    if (!(body.getValue("passages") instanceof JsonArray given)) {
      throw Failure.invalidInput("passages must be an array").asException();
    }
    int maxWords = body.getInteger("maxWords", DEFAULT_SUMMARY_WORDS);
    if (maxWords < 10 || maxWords > 2_000) {
      throw Failure.invalidInput("maxWords must be from 10 to 2000").asException();
    }
    List<Passage> passages = summaryPassages(given, title);
    SummaryRequest request = new SummaryRequest(title, passages, maxWords, summaryKind(body.getString("kind")),
        summarySections(body.getValue("sections"), passages.size()));
    return writer.run(() -> writer.model().summarize(request))
        .map(summary -> new JsonObject().put("summary", summary).put("model", writer.model().modelName()));
  }

  /** {@code "document"}, {@code "transcript"}, {@code "chat_log"}; anything else (or nothing) is a general summary. */
  private static SummaryRequest.Kind summaryKind(String kind) {
    return switch (kind == null ? "" : kind) {
      case "document" -> SummaryRequest.Kind.DOCUMENT;
      case "transcript" -> SummaryRequest.Kind.TRANSCRIPT;
      case "chat_log" -> SummaryRequest.Kind.CHAT_LOG;
      default -> SummaryRequest.Kind.GENERAL;
    };
  }

  /**
   * A summary request's parts: {@code [{"title", "firstPassage"}]}, starts increasing and inside the
   * passages; 400 otherwise, since the summary would follow parts that are not there.
   */
  private static List<SummaryRequest.Section> summarySections(Object given, int passageCount) {
    if (given == null) {
      return List.of();
    }
    if (!(given instanceof JsonArray array)) {
      throw Failure.invalidInput("sections must be an array").asException();
    }
    List<SummaryRequest.Section> sections = new ArrayList<>(array.size());
    int previous = -1;
    for (int i = 0; i < array.size(); i++) {
      JsonObject section = array.getJsonObject(i);
      Integer first = section == null ? null : section.getInteger("firstPassage");
      if (first == null || first <= previous || first >= passageCount) {
        throw Failure.invalidInput("sections must start at increasing passage indices inside the passages").asException();
      }
      sections.add(new SummaryRequest.Section(section.getString("title", ""), first));
      previous = first;
    }
    return sections;
  }

  /** A summary request's passages: {@code [{"text", "sourceTitle"?, "locator"?}]}, numbered in order. */
  private static List<Passage> summaryPassages(JsonArray given, String title) {
    List<Passage> passages = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      JsonObject p = given.getJsonObject(i);
      passages.add(new Passage(i + 1, p.getString("sourceTitle", title), p.getString("locator"), p.getString("text", "")));
    }
    return passages;
  }

  // --- request fields ---

  private static UUID conversationId(Message<JsonObject> message) {
    return Payloads.idOrNotFound(Payloads.requiredString(message.body(), "conversationId"), "conversation");
  }

}
