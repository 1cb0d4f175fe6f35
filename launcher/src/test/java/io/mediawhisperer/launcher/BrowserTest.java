package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.logging.LogEntry;

/**
 * The browser tests' own tooling ({@link Browser}) against a few pages of this test's own, so that
 * it is known to catch what it must before the web app's tests rely on it: a console error fails,
 * a failed script fails, an API answer the page handles does not; screenshots are written; the
 * phone width is the page's width.
 */
class BrowserTest {

  /** No page may leave its icon to a 404 on {@code /favicon.ico}: that too is a console error. */
  private static final String ICON = "<link rel=icon href='data:,'>";
  private static final Map<String, String> PAGES = Map.of(
      "/handled.html", "<!doctype html>" + ICON + "<title>handled</title><h1>signed out</h1>"
          + "<script>fetch('/api/v1/auth/me').then(r => { document.title = 'status ' + r.status; });</script>",
      "/logs-error.html", "<!doctype html><title>logs</title><script>console.error('boom from the page');</script>",
      "/throws.html", "<!doctype html><title>throws</title><script>null.property;</script>",
      "/missing-script.html", "<!doctype html><title>missing</title><script src='/nowhere.js'></script>",
      "/wide.html", "<!doctype html>" + ICON + "<meta name=viewport content='width=device-width'><title>wide</title><p>phone</p>");
  private static Vertx vertx;
  private static String base;

  @BeforeAll
  static void serve() {
    vertx = Vertx.vertx();
    HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
      String page = PAGES.get(request.path());
      if (page != null) {
        request.response().putHeader("content-type", "text/html; charset=utf-8").end(page);
      } else if (request.path().startsWith("/api/")) {
        request.response().setStatusCode(401).putHeader("content-type", "application/json")
            .end("{\"error\":{\"code\":\"unauthorized\",\"message\":\"authentication required\"}}");
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  @Test
  void anApiErrorThePageHandlesIsNoConsoleErrorAndEveryStepIsPhotographed() throws Exception {
    try (Browser browser = Browser.start("BrowserTest-handled", Browser.DESKTOP)) {
      browser.open(base + "/handled.html");
      browser.await(Duration.ofSeconds(30), "the page's fetch answered", d -> d.getTitle().equals("status 401"));
      Path shot = browser.shot("signed-out");
      assertThat(shot.getFileName().toString()).isEqualTo("BrowserTest-handled-01-signed-out.png");
      byte[] png = Files.readAllBytes(shot);
      assertThat(png).startsWith(0x89, 'P', 'N', 'G');
      assertThat(png.length).isGreaterThan(1000);
      assertThat(browser.console()).extracting(LogEntry::getMessage).anyMatch(m -> m.contains("status of 401"));
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void anErrorThePageLogsOrThrowsFailsTheTest() {
    try (Browser browser = Browser.start("BrowserTest-errors", Browser.DESKTOP)) {
      browser.open(base + "/logs-error.html");
      assertThatThrownBy(() -> browser.shot("logged")).isInstanceOf(AssertionError.class).hasMessageContaining("boom from the page");
    }
    try (Browser browser = Browser.start("BrowserTest-throws", Browser.DESKTOP)) {
      browser.open(base + "/throws.html");
      assertThat(browser.consoleErrors()).extracting(LogEntry::getMessage).anyMatch(m -> m.contains("TypeError"));
    }
    try (Browser browser = Browser.start("BrowserTest-missing", Browser.DESKTOP)) {
      browser.open(base + "/missing-script.html");
      assertThat(browser.consoleErrors()).extracting(LogEntry::getMessage).anyMatch(m -> m.contains("nowhere.js"));
    }
  }

  @Test
  void aPhoneWidthIsThePagesWidth() {
    try (Browser browser = Browser.start("BrowserTest-phone", Browser.PHONE)) {
      browser.open(base + "/wide.html");
      assertThat(((Number) browser.script("return window.innerWidth")).intValue()).isEqualTo(Browser.PHONE.getWidth());
      assertThat(((Number) browser.script("return document.documentElement.clientWidth")).intValue()).isEqualTo(Browser.PHONE.getWidth());
      browser.shot("phone");
    }
  }
}
