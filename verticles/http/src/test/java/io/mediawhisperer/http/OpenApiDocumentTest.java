package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document grows with the API: every mounted route is described, with its method. */
class OpenApiDocumentTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void everyApiRouteIsInTheDocument() throws Exception {
    JsonObject doc;
    try (InputStream in = getClass().getResourceAsStream("/openapi.json")) {
      doc = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Router router = Router.router(vertx);
    new AuthRoutes(new Edge(vertx), false).mount(router);

    assertThat(router.getRoutes()).isNotEmpty();
    for (Route route : router.getRoutes()) {
      String path = route.getPath().replaceAll(":([A-Za-z]+)", "{$1}");
      JsonObject item = doc.getJsonObject("paths").getJsonObject(path);
      assertThat(item).as("OpenAPI path %s", path).isNotNull();
      for (HttpMethod method : route.methods()) {
        assertThat(item.containsKey(method.name().toLowerCase(Locale.ROOT))).as("%s %s", method, path).isTrue();
      }
    }
  }
}
