package io.mediawhisperer.generation;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.mediawhisperer.bus.Payloads;
import io.mediawhisperer.bus.RequestIds;
import io.mediawhisperer.bus.RetrievalBus;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.db.Pagination;
import io.mediawhisperer.node.Plugins;
import io.mediawhisperer.serving.Replies;
import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.writing.NodeChatModel;
import io.mediawhisperer.writing.Passages;
import io.mediawhisperer.writing.SourceScope;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content generation: the content-type plugins, users' templates over their defaults, and
 * content written from what retrieval finds for a topic. Contract: {@link GenerationBus}.
 */
public final class GenerationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GenerationVerticle.class);
  static final int MAX_TOPIC_CHARS = 2_000;

  private Templates templates;
  private final Map<String, ContentType> types = new TreeMap<>();
  private Pool pool;
  private NodeChatModel writer;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = Database.pool(vertx, "generation", config.getString(ConfigKeys.DB_URL.name()), 2);
    templates = new Templates(new Templates.Budget(
        config.getLong(ConfigKeys.TEMPLATE_MAX_ITERATIONS.name(), Templates.Budget.DEFAULT.maxIterations()),
        config.getLong(ConfigKeys.TEMPLATE_RENDER_TIMEOUT_MS.name(), Templates.Budget.DEFAULT.timeoutMs())));
    var loaded = Plugins.load(vertx, ContentType.class);
    loaded.names().forEach(name -> types.put(name, loaded.get(name)));
    for (ContentType type : types.values()) {
      try {
        templates.compile(type.defaultTemplate());
      } catch (RuntimeException e) {
        return Future.failedFuture(new IllegalStateException("the default template of content type '" + type.name()
            + "' does not compile: " + Failure.from(e).message()));
      }
    }
    return NodeChatModel.open(vertx, config, "mw-generation")
        .onSuccess(opened -> writer = opened)
        .compose(v -> seedDefaults())
        .compose(v -> Future.all(List.of(
            consume(GenerationBus.CONTENT_TYPES, m -> Future.succeededFuture(contentTypes())),
            consume(GenerationBus.TEMPLATES, this::list),
            consume(GenerationBus.TEMPLATE_CREATE, this::create),
            consume(GenerationBus.TEMPLATE_UPDATE, this::update),
            consume(GenerationBus.TEMPLATE_DELETE, this::delete),
            consume(GenerationBus.GENERATE, this::generate))))
        .onSuccess(v -> LOG.info("content types: {}", types.keySet()));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = writer == null ? Future.succeededFuture() : writer.close();
    return closed.eventually(() -> pool.close());
  }

  private Future<Void> consume(String address, Function<Message<JsonObject>, Future<JsonObject>> action) {
    return vertx.eventBus().<JsonObject>consumer(address, Replies.handler(action)).completion();
  }

  private Future<Void> seedDefaults() {
    List<Tuple> rows = new ArrayList<>();
    types.values().forEach(type -> rows.add(Tuple.of(type.name(), type.defaultTemplate(), variableNames(type))));
    return rows.isEmpty() ? Future.succeededFuture() : pool.preparedQuery(GenerationSql.UPSERT_DEFAULT).executeBatch(rows).mapEmpty();
  }

  private static JsonArray variableNames(ContentType type) {
    return new JsonArray(type.variables().stream().map(ContentType.Variable::name).toList());
  }

  private JsonObject contentTypes() {
    JsonArray items = new JsonArray();
    types.values().forEach(type -> items.add(new JsonObject()
        .put("type", type.name())
        .put("description", type.description())
        .put("variables", new JsonArray(type.variables().stream()
            .map(v -> new JsonObject().put("name", v.name()).put("description", v.description())).toList()))));
    return new JsonObject().put("items", items);
  }

  // --- templates ---

  /** The order of {@link GenerationSql#USABLE}: own before defaults, type, newest first, id. */
  private static final Pagination.ByKey.Part[] TEMPLATE_ORDER = {
      Pagination.ByKey.Part.FLAG, Pagination.ByKey.Part.TEXT, Pagination.ByKey.Part.TIME, Pagination.ByKey.Part.ID};

  private Future<JsonObject> list(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    String type = Payloads.optionalString(message.body(), "type");
    Pagination.ByKey page = Pagination.ByKey.from(message.body(), "templates", TEMPLATE_ORDER);
    return pool.preparedQuery(GenerationSql.USABLE)
        .execute(Tuple.of(userId, type == null || type.isBlank() ? null : type,
            page.after(0), page.after(1), page.after(2), page.after(3), page.fetchSize()))
        .map(rows -> page.page(rows, row -> template(row, userId), row -> List.of(
            row.getUUID("user_id") == null, row.getString("type"), row.getOffsetDateTime("updated_at"), row.getUUID("id"))));
  }

  private Future<JsonObject> create(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    JsonObject body = message.body();
    String type = knownType(Payloads.requiredString(body, "type"));
    String name = name(Payloads.requiredString(body, "name"));
    String content = Payloads.requiredString(body, "content");
    JsonArray variables = variables(body, content);
    return checked(content)
        .compose(ok -> pool.preparedQuery(GenerationSql.INSERT).execute(Tuple.of(userId, type, name, content, variables)))
        .recover(this::duplicateName)
        .map(rows -> new JsonObject().put("template", template(rows.iterator().next(), userId)));
  }

  private Future<JsonObject> update(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    UUID id = templateId(message.body().getValue("templateId"));
    JsonObject body = message.body();
    return own(userId, id).compose(current -> {
      String name = body.getValue("name") == null ? current.getString("name") : name(Payloads.requiredString(body, "name"));
      String content = body.getValue("content") == null ? current.getString("content") : Payloads.requiredString(body, "content");
      JsonArray variables = variables(body, content);
      return checked(content)
          .compose(ok -> pool.preparedQuery(GenerationSql.UPDATE).execute(Tuple.of(id, userId, name, content, variables)))
          .recover(this::duplicateName);
    }).map(rows -> new JsonObject().put("template", template(rows.iterator().next(), userId)));
  }

  private Future<JsonObject> delete(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    UUID id = templateId(message.body().getValue("templateId"));
    return pool.preparedQuery(GenerationSql.DELETE).execute(Tuple.of(id, userId))
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(notYours()));
  }

  /**
   * The save-time check of a template ({@link Templates#check}): it compiles and, without values,
   * stays within the render budget. A trial render may take up to the render timeout, so it runs
   * on the workers that render templates, never on the event loop.
   */
  private Future<Void> checked(String content) {
    if (content.length() > Templates.MAX_TEMPLATE_CHARS) {
      templates.compile(content); // the 400 that names the limit, without a trip to the workers
    }
    return writer.run(() -> {
      templates.check(content);
      return null;
    });
  }

  private Future<Row> own(UUID userId, UUID id) {
    return pool.preparedQuery(GenerationSql.OWN).execute(Tuple.of(id, userId))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture(rows.iterator().next()) : Future.failedFuture(notYours()));
  }

  private static Throwable notYours() {
    return Failure.notFound("no template of yours has this id (defaults cannot be changed: create your own of that type)").asException();
  }

  private <T> Future<T> duplicateName(Throwable error) {
    if (error instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new Failure(409, GenerationBus.TEMPLATE_EXISTS, "you already have a template of this type with this name")
          .asException());
    }
    return Future.failedFuture(error);
  }

  /** The given variable names, or those the content reads. */
  private static JsonArray variables(JsonObject body, String content) {
    if (body.getValue("variables") instanceof JsonArray given) {
      for (Object v : given) {
        if (!(v instanceof String s) || s.isBlank() || s.length() > 100) {
          throw Failure.invalidInput("variables must be names").asException();
        }
      }
      return given;
    }
    if (body.getValue("variables") != null) {
      throw Failure.invalidInput("variables must be an array of names").asException();
    }
    return new JsonArray(new ArrayList<>(Templates.variables(content)));
  }

  private static JsonObject template(Row row, UUID caller) {
    UUID owner = row.getUUID("user_id");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", row.getString("type"))
        .put("name", row.getString("name"))
        .put("content", row.getString("content"))
        .put("variables", row.getJsonArray("variables"))
        .put("isDefault", owner == null)
        .put("owned", caller.equals(owner))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }

  // --- generation ---

  private Future<JsonObject> generate(Message<JsonObject> message) {
    UUID userId = Payloads.userId(message.body());
    JsonObject body = message.body();
    ContentType type = types.get(knownType(Payloads.requiredString(body, "type")));
    String topic = Payloads.requiredString(body, "topic").strip();
    if (topic.isEmpty() || topic.length() > MAX_TOPIC_CHARS) {
      throw Failure.invalidInput("topic must have 1 to " + MAX_TOPIC_CHARS + " characters").asException();
    }
    Object templateId = body.getValue("templateId");
    Future<Row> chosen = templateId == null
        ? pool.preparedQuery(GenerationSql.FOR_TYPE).execute(Tuple.of(userId, type.name())).map(rows -> rows.iterator().next())
        : pool.preparedQuery(GenerationSql.USABLE_ONE).execute(Tuple.of(templateId(templateId), userId))
            .compose(rows -> rows.size() == 1 && rows.iterator().next().getString("type").equals(type.name())
                ? Future.succeededFuture(rows.iterator().next())
                : Future.failedFuture(Failure.notFound("no template of type " + type.name() + " you can use has this id").asException()));
    JsonObject search = new JsonObject().put("userId", userId.toString()).put("query", topic).put("mode", "hybrid");
    return Future.all(chosen, scope(userId, body, search))
        .compose(ready -> vertx.eventBus().<JsonObject>request(RetrievalBus.SEARCH, search, RequestIds.deliveryOptions(RequestIds.of(message))))
        .compose(found -> {
          JsonArray hits = found.body().getJsonArray("results");
          if (hits.isEmpty()) {
            return Future.failedFuture(new Failure(422, "nothing_to_write_from",
                "nothing in your sources matches this topic; upload sources or widen the scope").asException());
          }
          Row template = chosen.result();
          return writer.run(() -> templates.render(templates.compile(template.getString("content")),
                  type.fill(topic, new Tools(writer.model(), topic, Passages.of(hits)))))
              .map(content -> new JsonObject()
                  .put("content", content)
                  .put("templateId", template.getUUID("id").toString())
                  .put("sources", hits));
        });
  }

  /** Narrows the search to the given sources or collection, which must be the caller's (404 otherwise). */
  private Future<Void> scope(UUID userId, JsonObject body, JsonObject search) {
    List<UUID> sourceIds = Payloads.optionalSourceIds(body);
    if (sourceIds != null) {
      search.put("sourceIds", new JsonArray(sourceIds.stream().map(UUID::toString).toList()));
    }
    UUID collectionId = body.getValue("collectionId") == null ? null : Payloads.idOrNotFound(body.getValue("collectionId"), "collection");
    if (collectionId != null) {
      search.put("collectionId", collectionId.toString());
    }
    return SourceScope.checkOwned(vertx.eventBus(), userId, sourceIds, collectionId);
  }

  // --- request fields ---

  private String knownType(String type) {
    if (!types.containsKey(type)) {
      throw Failure.invalidInput("unknown content type '" + type + "'; known: " + String.join(", ", types.keySet())).asException();
    }
    return type;
  }

  private static String name(String name) {
    String trimmed = name.strip();
    if (trimmed.isEmpty() || trimmed.length() > 200) {
      throw Failure.invalidInput("name must have 1 to 200 characters").asException();
    }
    return trimmed;
  }

  private static UUID templateId(Object id) {
    return Payloads.idOrNotFound(id, "template");
  }

}
