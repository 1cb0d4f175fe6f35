package io.mediawhisperer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testing.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web app's files as the edge serves them, from a fixture webroot of this test's own
 * ({@code webroot-test} on the test class path) and the real pdf.js WebJar: types, the pages'
 * policy, revalidation, the app-shell fallback for browser navigations, and the API's error shape
 * wherever no file answers.
 */
class WebAppTest {

  private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  private static Vertx vertx;
  private static WebClient client;
  @TempDir
  static Path dataDir;

  @BeforeAll
  static void start() {
    int port = EdgeConfig.freePort();
    vertx = Vertx.vertx();
    Await.result(vertx.deployVerticle(new HttpVerticle("webroot-test"),
        new DeploymentOptions().setConfig(EdgeConfig.on(port, dataDir))));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setFollowRedirects(false));
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static HttpResponse<Buffer> get(String path, String accept) {
    HttpRequest<Buffer> request = client.get(path);
    if (accept != null) {
      request.putHeader("accept", accept);
    }
    return Await.result(request.send());
  }

  private static void assertPageHeaders(HttpResponse<Buffer> response) {
    assertThat(response.getHeader("content-security-policy")).isEqualTo(WebApp.PAGE_POLICY);
    assertThat(response.getHeader("cache-control")).isEqualTo("no-cache");
    assertThat(response.getHeader("x-content-type-options")).isEqualTo("nosniff");
    assertThat(response.getHeader("x-frame-options")).isEqualTo("DENY");
    assertThat(response.getHeader("x-request-id")).isNotBlank();
  }

  private static void assertNotFoundError(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(404);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
    // an error is the API's: nothing in it may run or be cached
    assertThat(response.getHeader("content-security-policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(response.getHeader("cache-control")).isEqualTo("no-store");
  }

  @Test
  void theRootIsTheAppShellWithThePagesPolicy() {
    HttpResponse<Buffer> root = get("/", BROWSER_ACCEPT);
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.getHeader("content-type")).isEqualToIgnoringCase("text/html;charset=UTF-8");
    assertThat(root.bodyAsString()).contains("fixture app shell");
    assertPageHeaders(root);
    assertThat(root.getHeader("last-modified")).isNotBlank();
    assertThat(get("/index.html", null).bodyAsString()).isEqualTo(root.bodyAsString());
  }

  @Test
  void scriptsStylesAndSourceMapsHaveTheTypesBrowsersRequire() {
    HttpResponse<Buffer> module = get("/js/app.mjs", "*/*");
    assertThat(module.statusCode()).isEqualTo(200);
    assertThat(module.getHeader("content-type")).isEqualToIgnoringCase("text/javascript;charset=UTF-8");
    assertThat(module.bodyAsString()).contains("export const fixture");
    assertPageHeaders(module);

    HttpResponse<Buffer> css = get("/css/app.css", "text/css,*/*;q=0.1");
    assertThat(css.getHeader("content-type")).isEqualToIgnoringCase("text/css;charset=UTF-8");
    assertPageHeaders(css);

    assertThat(get("/js/app.mjs.map", null).getHeader("content-type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void anUnchangedFileIsRevalidatedWith304() {
    HttpResponse<Buffer> first = get("/js/app.mjs", null);
    HttpResponse<Buffer> again = Await.result(client.get("/js/app.mjs")
        .putHeader("if-modified-since", first.getHeader("last-modified")).send());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(again.getHeader("cache-control")).isEqualTo("no-cache");
  }

  @Test
  void pdfJsIsServedFromItsWebJarAsModules() {
    for (String file : new String[] {"build/pdf.min.mjs", "build/pdf.worker.min.mjs", "web/pdf_viewer.mjs"}) {
      HttpResponse<Buffer> script = get(WebApp.PDFJS_PATH + file, "*/*");
      assertThat(script.statusCode()).as(file).isEqualTo(200);
      assertThat(script.getHeader("content-type")).as(file).isEqualToIgnoringCase("text/javascript;charset=UTF-8");
      assertThat(script.body().length()).as(file).isGreaterThan(100_000);
      assertPageHeaders(script);
    }
    HttpResponse<Buffer> css = get(WebApp.PDFJS_PATH + "web/pdf_viewer.css", null);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.getHeader("content-type")).startsWithIgnoringCase("text/css");
    HttpResponse<Buffer> head = Await.result(client.request(HttpMethod.HEAD, WebApp.PDFJS_PATH + "build/pdf.min.mjs").send());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(Long.parseLong(head.getHeader("content-length"))).isGreaterThan(100_000);
    assertNotFoundError(get(WebApp.PDFJS_PATH + "build/nothing.mjs", "*/*"));
  }

  @Test
  void aBrowserNavigatingToAnAppPathGetsTheShellAndEverythingElseTheErrorShape() {
    HttpResponse<Buffer> deep = get("/library", BROWSER_ACCEPT);
    assertThat(deep.statusCode()).isEqualTo(200);
    assertThat(deep.getHeader("content-type")).isEqualTo("text/html; charset=utf-8");
    assertThat(deep.bodyAsString()).contains("fixture app shell");
    assertPageHeaders(deep);
    assertThat(get("/sources/42/view", BROWSER_ACCEPT).bodyAsString()).contains("fixture app shell");

    // not a browser's navigation, or a file that is not there: 404 in the error shape
    assertNotFoundError(get("/library", null));
    assertNotFoundError(get("/library", "*/*"));
    assertNotFoundError(get("/js/missing.mjs", BROWSER_ACCEPT));
    assertNotFoundError(get("/favicon.ico", BROWSER_ACCEPT));
  }

  @Test
  void theApiNeverAnswersWithThePages() {
    for (String path : new String[] {"/api/v1/nothing-here", "/api/nothing", "/api", "/api/v1/sources/x/y/z"}) {
      HttpResponse<Buffer> response = get(path, BROWSER_ACCEPT);
      assertThat(response.bodyAsString()).as(path).doesNotContain("fixture app shell");
      assertNotFoundError(response);
    }
    HttpResponse<Buffer> openApi = get("/api/v1/openapi.json", BROWSER_ACCEPT);
    assertThat(openApi.getHeader("content-security-policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    assertThat(openApi.getHeader("cache-control")).isEqualTo("no-store");
    HttpResponse<Buffer> written = Await.result(client.post("/").putHeader("accept", BROWSER_ACCEPT).sendJsonObject(new JsonObject()));
    assertThat(written.statusCode()).isEqualTo(405);
    assertThat(written.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("method_not_allowed");
  }

  @Test
  void nothingOutsideTheWebrootIsReachable() {
    for (String path : new String[] {"/../openapi.json", "/%2e%2e/openapi.json", "/js/..%2f..%2fopenapi.json", "/openapi.json",
        WebApp.PDFJS_PATH + "..%2f..%2f..%2f..%2f..%2fopenapi.json",
        "/io/mediawhisperer/http/WebApp.class", "/logback-test.xml"}) {
      HttpResponse<Buffer> response = get(path, "*/*");
      assertThat(response.statusCode()).as(path).isIn(400, 404);
      assertThat(response.bodyAsString()).as(path).doesNotContain("\"openapi\"").doesNotContain("\"paths\"");
    }
  }
}
