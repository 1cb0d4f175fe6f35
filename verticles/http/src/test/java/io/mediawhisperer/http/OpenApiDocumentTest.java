package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document grows with the API: every mounted route is described, with its method. */
class OpenApiDocumentTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  /** A component named in prose, e.g. the WebSocket frames in the description of {@code GET /api/v1/ws}. */
  private static final Pattern COMPONENT_MENTION = Pattern.compile("#/components/[A-Za-z]+/[A-Za-z0-9._-]+");

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void everyApiRouteIsInTheDocument() throws Exception {
    JsonObject doc = document();
    Router router = Router.router(vertx);
    Edge edge = new Edge(vertx);
    new AuthRoutes(edge, false, "open").mount(router);
    new SourceRoutes(edge, Path.of("uploads"), HttpLimits.from(new io.vertx.core.json.JsonObject()), io.vertx.core.Future.failedFuture("no blob store here")).mount(router);
    new AdminRoutes(edge, new JsonObject()).mount(router);
    AnswerStream answers = new AnswerStream(vertx, edge);
    new ConversationRoutes(edge, answers).mount(router);
    new GenerationRoutes(edge).mount(router);
    new LibraryRoutes(edge).mount(router);
    router.get("/api/v1/ws").handler(new EventSocket(vertx, edge, answers, new Origins(null), 30_000)::handle);

    assertThat(router.getRoutes()).isNotEmpty();
    Set<String> paths = new HashSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      paths.add(path);
      JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
      assertThat(item).as("OpenAPI path %s", path).isNotNull();
      assertThat(route.methods()).as("methods of %s", path).isNotEmpty();
      for (HttpMethod method : route.methods()) {
        assertThat(item.containsKey(method.name().toLowerCase(Locale.ROOT))).as("%s %s", method, path).isTrue();
      }
    }
    assertThat(paths).contains("/api/v1/sources", "/api/v1/sources/{id}/images/{index}", "/api/v1/jobs/{id}",
        "/api/v1/collections/{id}", "/api/v1/collections/{id}/summary", "/api/v1/conversations/{id}/messages", "/api/v1/ws",
        "/api/v1/admin/cluster", "/api/v1/admin/plugins", "/api/v1/admin/config", "/api/v1/admin/config/{key}",
        "/api/v1/sources/{id}/messages", "/api/v1/tags/{id}", "/api/v1/sources/{id}/versions/{n}/restore", "/api/v1/chat-logs/search");
  }

  @Test
  void everyRefResolvesToAComponent() throws Exception {
    JsonObject doc = document();
    List<String> refs = new ArrayList<>();
    List<String> mentions = new ArrayList<>();
    walk(doc, (key, value) -> {
      if (key.equals("$ref")) {
        assertThat(value).as("$ref").isInstanceOf(String.class);
        refs.add((String) value);
      } else if (key.equals("description") && value instanceof String text) {
        Matcher m = COMPONENT_MENTION.matcher(text);
        while (m.find()) {
          mentions.add(m.group());
        }
      }
    });
    assertThat(refs).isNotEmpty();
    assertThat(mentions).as("the WebSocket frames named in prose")
        .contains("#/components/schemas/WsAuthFrame", "#/components/schemas/WsReadyFrame",
            "#/components/schemas/WsJobFrame", "#/components/schemas/WsSourceFrame", "#/components/schemas/WsAskFrame",
            "#/components/schemas/WsDeltaFrame", "#/components/schemas/WsDoneFrame");
    for (String ref : concat(refs, mentions)) {
      assertThat(ref).as("local component reference").matches("#/components/[A-Za-z]+/[^/]+");
      Object target = JsonPointer.from(ref.substring(1)).queryJson(doc);
      assertThat(target).as("target of %s", ref).isInstanceOf(JsonObject.class);
    }
  }

  @Test
  void everyOperationHasAUniqueOperationId() throws Exception {
    JsonObject doc = document();
    Map<String, String> seen = new HashMap<>();
    forEachOperation(doc, (where, operation) -> {
      String id = operation.getString("operationId");
      assertThat(id).as("operationId of %s", where).isNotBlank();
      String before = seen.put(id, where);
      assertThat(before).as("operationId %s of %s already used by %s", id, where, before).isNull();
    });
    assertThat(seen).hasSizeGreaterThan(20);
  }

  @Test
  void everyPathParameterIsDeclaredAndEveryFailureIsTheErrorShape() throws Exception {
    JsonObject doc = document();
    Pattern template = Pattern.compile("\\{([A-Za-z]+)}");
    for (String path : doc.getJsonObject("paths").fieldNames()) {
      JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonObject operation = item.getJsonObject(method);
        Set<String> declared = new HashSet<>();
        for (JsonArray parameters : new JsonArray[] {item.getJsonArray("parameters"), operation.getJsonArray("parameters")}) {
          if (parameters == null) {
            continue;
          }
          for (Object p : parameters) {
            JsonObject parameter = resolve(doc, (JsonObject) p);
            if ("path".equals(parameter.getString("in"))) {
              assertThat(parameter.getBoolean("required")).as("%s path parameter %s required", path, parameter.getString("name")).isTrue();
              declared.add(parameter.getString("name"));
            }
          }
        }
        Set<String> inTemplate = new HashSet<>();
        Matcher m = template.matcher(path);
        while (m.find()) {
          inTemplate.add(m.group(1));
        }
        assertThat(declared).as("path parameters of %s %s", method, path).isEqualTo(inTemplate);

        JsonObject responses = operation.getJsonObject("responses");
        assertThat(responses).as("responses of %s %s", method, path).isNotNull().isNotEmpty();
        for (String status : responses.fieldNames()) {
          // /health answers 503 with its own Health shape, which names the check that is down
          if ((status.startsWith("4") || status.startsWith("5")) && !path.equals("/health")) {
            assertThat(responses.getJsonObject(status).getString("$ref")).as("%s %s %s", method, path, status)
                .isEqualTo("#/components/responses/Error");
          }
        }
      }
    }
  }

  private JsonObject document() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
      JsonObject doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
      return doc;
    }
  }

  private static void forEachOperation(JsonObject doc, BiConsumer<String, JsonObject> action) {
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (METHODS.contains(method)) {
          action.accept(method.toUpperCase(Locale.ROOT) + " " + path, item.getJsonObject(method));
        }
      }
    }
  }

  private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    return ref == null ? maybeRef : (JsonObject) JsonPointer.from(ref.substring(1)).queryJson(doc);
  }

  /** Every key and value of the tree, depth first. */
  private static void walk(Object node, BiConsumer<String, Object> visit) {
    if (node instanceof JsonObject object) {
      for (Map.Entry<String, Object> e : object) {
        visit.accept(e.getKey(), e.getValue());
        walk(e.getValue(), visit);
      }
    } else if (node instanceof JsonArray array) {
      for (Object element : array) {
        walk(element, visit);
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
