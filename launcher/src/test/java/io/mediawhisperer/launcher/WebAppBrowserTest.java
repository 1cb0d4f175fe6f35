package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.config.NodeConfig;
import io.mediawhisperer.testsupport.video.FakeYouTube;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web app in a real headless chromium against a real node with every role (the real PDF
 * parser, the MiniLM model, Lucene, the extractive answerer, PostgreSQL), walked as a person would.
 * It speaks to the pages only through the ids and classes they promise (README "Web app":
 * {@code #upload-input}, {@code .source-row}, {@code .citation-chip}, ...), never their layout.
 * Every step is photographed to {@code launcher/target/screenshots/} and fails on a console error.
 */
class WebAppBrowserTest {

  private static final String PASSWORD = "a browser's long password";
  private static final String QUESTION = "Who is entitled to freedom of thought?";
  /** A page step: the node answers at once; a source is embedded by the real model on 2 cores. */
  private static final Duration PAGE = Duration.ofSeconds(30);
  private static final Duration INGESTION = Duration.ofMinutes(5);
  private static final Duration ANSWER = Duration.ofMinutes(2);
  /** Whether a canvas in the PDF viewer has dark pixels, as a page of text painted on it has. */
  private static final String PAINTED_CANVAS = "for (const c of document.querySelectorAll('#pdf-viewer canvas')) {"
      + "  if (!c.width || !c.height) continue;"
      + "  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
      + "  for (let i = 0; i < data.length; i += 4) {"
      + "    if (data[i + 3] > 200 && data[i] < 100 && data[i + 1] < 100 && data[i + 2] < 100) return true;"
      + "  }"
      + "}"
      + "return false;";
  private static Node node;
  private static String base;
  private static int port;
  private static Vertx vertx;
  private static WebClient client;
  private static NodeHttp api;
  private static Pool db;
  private static FakeYouTube youtube;
  private Browser browser;
  private long startedAt;

  @BeforeAll
  static void start() throws Exception {
    assertThat(WebAppBrowserTest.class.getClassLoader().getResource("webroot/index.html"))
        .as("the web app's pages (webroot/index.html of the http module) on the class path").isNotNull();
    Path dataDir = Files.createTempDirectory("mw-webapp-test");
    port = Ports.free();
    youtube = new FakeYouTube();
    node = Node.start(NodeConfig.load(null, Map.of(), Map.of(
        "data-dir", dataDir.toString(),
        "registration-per-hour-per-address", "0",
        "http-port", String.valueOf(port),
        "db-url", TestDatabase.url(),
        // video and playlist links are fetched from a fake YouTube on 127.0.0.1
        "transcript-provider-url", youtube.url().toString(),
        "transcript-provider-backoff-ms", "1")));
    base = "http://127.0.0.1:" + port;
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    api = new NodeHttp(client, PASSWORD);
    db = Database.pool(vertx, "test", TestDatabase.url(), 1);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(vertx.close());
    node.close();
    youtube.close();
  }

  private Browser browser(TestInfo test, org.openqa.selenium.Dimension size) {
    startedAt = System.nanoTime();
    browser = Browser.start(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName(), size);
    return browser;
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    if (browser != null) {
      try {
        browser.assertNoConsoleErrors();
      } finally {
        browser.close();
        System.out.printf("[browser] %s took %d ms (chromium start %d ms)%n", test.getDisplayName(),
            Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), browser.startTime().toMillis());
      }
    }
  }

  // ------------------------------------------------------------------ the flows

  @Test
  void aPersonSignsUpUploadsAsksSearchesGeneratesSignsOutAndTheNextUserSeesNoneOfIt(TestInfo test) {
    Browser b = browser(test, Browser.DESKTOP);
    String alice = email("alice");
    signUp(b, alice);
    b.shot("signed-in");

    // the library: a PDF and a transcript uploaded at once, watched until both are ready
    b.click("#nav-library", PAGE);
    b.await(PAGE, "the upload input", d -> !d.findElements(By.id("upload-input")).isEmpty());
    Path pdf = Corpus.file("pdf/udhr.pdf");
    Path transcript = Corpus.file("transcripts/podcast-no-blank-lines.vtt");
    b.driver().findElement(By.id("upload-input")).sendKeys(pdf.toAbsolutePath() + "\n" + transcript.toAbsolutePath());
    b.await(PAGE, "two rows in the library", d -> b.all(".source-row").size() == 2);
    b.shot("uploading");
    b.await(INGESTION, "both sources completed", d -> allCompleted(b, 2));
    b.shot("library-completed");
    String pdfId = sourceIdOfKind(b, "pdf");
    String transcriptId = sourceIdOfKind(b, "transcript");

    // a chat scoped to both, its answer streamed, a citation that opens the cited PDF page
    b.click("#nav-chat", PAGE);
    for (String id : List.of(pdfId, transcriptId)) {
      String box = "#scope-sources input[data-source-id='" + id + "']";
      b.visible(box, PAGE);
      b.await(PAGE, "source " + id + " in the scope", d -> {
        WebElement checkbox = d.findElement(By.cssSelector(box));
        if (!checkbox.isSelected()) {
          checkbox.click();
        }
        return checkbox.isSelected();
      });
    }
    b.click("#new-conversation", PAGE);
    b.type("#ask-input", QUESTION, PAGE);
    watchTheAnswer(b);
    b.click("#ask-send", PAGE);
    b.await(PAGE, "the question shown", d -> b.all(".message.user").stream().anyMatch(m -> m.getText().contains(QUESTION)));
    String answer = b.await(ANSWER, "the answer done", d -> {
      WebElement done = last(b.all(".message.assistant.done"));
      String text = done == null ? null : done.getDomProperty("textContent");
      return text == null || text.isBlank() ? null : text.strip();
    });
    b.shot("answered");
    System.out.printf("[browser] the answer: %s%n", answer);
    @SuppressWarnings("unchecked")
    Map<String, Object> streamed = (Map<String, Object>) b.script("return window.__mwAnswer");
    System.out.printf("[browser] the answer before it was done: %s%n", streamed);
    assertThat(streamed.get("pending")).as("the answer's message was on the page before it was done").isEqualTo(Boolean.TRUE);
    assertThat(b.all(".passage")).as("the passages the answer used").isNotEmpty();
    String chip = ".message.assistant.done .citation-chip[data-page]";
    List<String> cited = b.await(PAGE, "a citation chip with a page in the answer", d -> b.all(chip).stream().findFirst()
        .map(first -> List.of(first.getDomAttribute("data-source-id"), first.getDomAttribute("data-page"))).orElse(null));
    assertThat(cited.get(0)).as("the answer about freedom of thought cites the UDHR").isEqualTo(pdfId);
    String page = cited.get(1);
    b.click(chip, PAGE);
    b.visible("#source-view[data-kind='pdf']", PAGE);
    b.await(Duration.ofSeconds(60), "the PDF at page " + page, d -> !b.all("#source-view #pdf-viewer[data-page='" + page + "']").isEmpty());
    b.await(Duration.ofSeconds(60), "the cited passage highlighted", d -> !b.all("#source-view .highlight").isEmpty());
    // pdf.js paints a page on a canvas: the page is shown, not only announced
    b.await(Duration.ofSeconds(60), "the page painted by pdf.js", d -> Boolean.TRUE.equals(b.script(PAINTED_CANVAS)));
    b.shot("citation-opened");
    // how it was read: the embedded passages (none reused: the first upload)
    assertThat(b.visible("#source-view .ingestion-facts", PAGE).getText()).matches("read in \\d+\\.\\d s · \\d+ passages? embedded");

    // search only, with the same citations
    b.click("#nav-search", PAGE);
    b.type("#search-input", "freedom of thought", PAGE);
    b.click("#search-submit", PAGE);
    List<String> hits = b.await(PAGE, "search hits", d -> nonEmpty(b.all(".search-hit").stream().map(WebElement::getText).toList()));
    b.shot("search");
    assertThat(b.all(".search-hit .citation-chip")).as("the hits' citations").hasSizeGreaterThanOrEqualTo(hits.size());
    assertThat(hits).anySatisfy(hit -> assertThat(hit.toLowerCase(Locale.ROOT)).contains("thought"));
    // the query's words are marked in the passages (as text: a <mark> per word, nothing parsed as HTML)
    assertThat(b.all(".search-hit .hit-text mark").stream().map(m -> m.getText().toLowerCase(Locale.ROOT)).toList())
        .as("marked words").contains("thought").allMatch(w -> w.startsWith("freed") || w.startsWith("thoug"));

    // a LinkedIn post from the sources
    b.click("#nav-generate", PAGE);
    b.await(PAGE, "the linkedin type chosen", d -> {
      new Select(d.findElement(By.id("gen-type"))).selectByValue("linkedin");
      return true;
    });
    b.type("#gen-topic", "freedom of thought", PAGE);
    b.click("#gen-submit", PAGE);
    String post = b.await(ANSWER, "the generated post", d -> {
      WebElement result = d.findElement(By.id("gen-result"));
      String text = result.getText().isBlank() ? result.getDomProperty("value") : result.getText();
      return text == null || text.isBlank() ? null : text;
    });
    b.shot("generated");
    assertThat(post.length()).isGreaterThan(40);

    // signed out, the next person sees nothing of it, not even by the first one's link
    b.click("#sign-out", PAGE);
    b.visible("#auth-email", PAGE);
    b.shot("signed-out");
    String bob = email("bob");
    signUp(b, bob);
    b.click("#nav-library", PAGE);
    b.await(PAGE, "the library", d -> !d.findElements(By.id("upload-input")).isEmpty());
    sleep(Duration.ofSeconds(3));
    assertThat(b.all(".source-row")).as("another user's sources in the library").isEmpty();
    b.shot("second-user-library");
    b.open(base + "/#/sources/" + pdfId);
    String toast = b.await(PAGE, "an error in the toast", d -> {
      WebElement shown = d.findElements(By.id("toast")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
      return shown == null || shown.getText().isBlank() ? null : shown.getText();
    });
    b.shot("second-user-foreign-source");
    System.out.printf("[browser] the second user opening the first one's source is told: %s%n", toast);
    assertThat(b.all("#pdf-viewer[data-page]")).as("the first user's PDF shown to the second").isEmpty();
  }

  @Test
  void pastedVideoAndPlaylistLinksBecomeSourcesAndTheSkippedVideosAreListed(TestInfo test) {
    String erin = email("erin");
    account(erin);
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, erin);
    b.click("#nav-library", PAGE);
    b.type("#add-link-url", "https://youtu.be/" + VideoFixtures.CAPTIONED.id() + "?t=12", PAGE);
    b.click("#add-link-submit", PAGE);
    b.await(INGESTION, "the video's transcript read", d -> b.all("#link-list .upload-status").stream()
        .anyMatch(e -> e.getText().equals("ready")));
    assertThat(b.all(".source-row").stream().map(WebElement::getText).toList())
        .anySatisfy(row -> assertThat(row).contains(VideoFixtures.CAPTIONED.title()));

    b.type("#add-link-url", "https://www.youtube.com/playlist?list=" + VideoFixtures.PLAYLIST.id(), PAGE);
    b.click("#add-link-submit", PAGE);
    String outcome = b.await(INGESTION, "the playlist imported", d -> b.all("#link-list .playlist-import .upload-status").stream()
        .map(WebElement::getText).filter(t -> t.contains("videos added")).findFirst().orElse(null));
    assertThat(outcome).isEqualTo("2 of 4 videos added, 2 skipped");
    List<String> skipped = b.await(PAGE, "the skipped videos listed", d -> {
      List<String> items = b.all("#link-list .skipped-videos li").stream().map(WebElement::getText).toList();
      return items.size() == 2 ? items : null;
    });
    assertThat(skipped.get(0)).startsWith(VideoFixtures.NO_CAPTIONS.title() + ":");
    assertThat(skipped.get(1)).as("as the playlist lists it").startsWith("[Private video]:").contains("private");
    b.await(PAGE, "the playlist offered as a folder", d -> new Select(d.findElement(By.id("filter-collection"))).getOptions().stream()
        .anyMatch(o -> o.getText().startsWith(VideoFixtures.PLAYLIST.title())));

    b.type("#add-link-url", "https://vimeo.com/76979871", PAGE);
    b.click("#add-link-submit", PAGE);
    b.await(PAGE, "a wrong link explained", d -> b.all("#add-link-error").stream().anyMatch(e -> e.getText().contains("youtu.be")));
    b.shot("video-links");
  }

  @Test
  void aLibraryIsExportedImportedIntoAnotherAccountAndThatAccountDeletedFromTheAccountPage(TestInfo test) throws Exception {
    String fay = email("fay");
    String token = account(fay);
    ingestedText(token, "Tide tables", "High water at the harbour comes twice a day, fifty minutes later each day. ".repeat(10));
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, fay);
    b.click("#nav-account", PAGE);
    b.click("#export-start", PAGE);
    String href = b.await(INGESTION, "the export ready to download", d -> b.all("#export-download").stream()
        .filter(WebElement::isDisplayed).map(e -> e.getDomAttribute("href")).findFirst().orElse(null));
    assertThat(b.visible("#export-status", PAGE).getText()).startsWith("Ready: 1 sources");
    byte[] zip = Await.result(client.get(port, "127.0.0.1", href).bearerTokenAuthentication(token).send()).body().getBytes();
    assertThat(new String(zip, 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)).as("a zip").isEqualTo("PK");
    Path file = Files.createTempFile("mw-browser-export", ".zip");
    Files.write(file, zip);

    b.click("#sign-out", PAGE);
    String gus = email("gus");
    account(gus);
    signIn(b, gus);
    b.click("#nav-account", PAGE);
    // the page is shown after the hash change, not by the click itself
    b.visible("#import-start", PAGE);
    b.driver().findElement(By.id("import-file")).sendKeys(file.toString());
    b.click("#import-start", PAGE);
    b.await(INGESTION, "the export imported", d -> b.visible("#import-status", PAGE).getText().startsWith("Imported 1 sources"));

    b.type("#delete-password", PASSWORD, PAGE);
    b.click("#delete-account", PAGE);
    b.click("#delete-account", PAGE);
    b.await(PAGE, "back on the sign-in page, told why", d -> b.all("#auth-error").stream()
        .anyMatch(e -> e.getText().equals("Your account and everything in it were deleted.")));
    b.shot("account-deleted");
    int login = Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", gus).put("password", PASSWORD))).statusCode();
    assertThat(login).as("the deleted account cannot sign in").isEqualTo(401);
  }

  @Test
  void aSourceBecomesAnAudiobookThatPlaysWithChapters(TestInfo test) throws InterruptedException {
    String dora = email("dora");
    String token = account(dora);
    String sourceId = ingestedText(token, "A walk by the river",
        "The river runs past the mill and the children watch the water wheel turn all afternoon. ".repeat(20));
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, dora);
    b.click("#nav-audiobooks", PAGE);
    b.await(PAGE, "the source offered", d -> new Select(d.findElement(By.id("audiobook-source"))).getOptions().stream()
        .anyMatch(o -> sourceId.equals(o.getAttribute("value"))));
    new Select(b.driver().findElement(By.id("audiobook-source"))).selectByValue(sourceId);
    b.await(PAGE, "the voices listed", d -> new Select(d.findElement(By.id("audiobook-voice"))).getOptions().stream()
        .anyMatch(o -> "freetts:kevin16".equals(o.getAttribute("value"))));
    new Select(b.driver().findElement(By.id("audiobook-voice"))).selectByValue("freetts:kevin16");
    b.click("#audiobook-create", PAGE);
    b.await(ANSWER, "the audiobook completed", d -> b.all(".audiobook-row .audiobook-status").stream()
        .anyMatch(e -> e.getText().equals("completed")));
    b.click(".audiobook-play", PAGE);
    // the browser reads the audio through the server's Range responses until it knows its length
    double duration = b.await(PAGE, "the player's audio loaded", d -> {
      Object seconds = b.script("const p = document.getElementById('audiobook-player');"
          + " return p.readyState >= 1 && isFinite(p.duration) ? p.duration : null;");
      return seconds == null ? null : ((Number) seconds).doubleValue();
    });
    assertThat(duration).as("seconds of audio").isGreaterThan(10);
    assertThat(b.all(".chapter-link")).isNotEmpty();
    b.shot("audiobook-playing");
  }

  @Test
  void aSuperuserSeesSettingsClusterAndPluginsAndOthersDoNot(TestInfo test) throws Exception {
    String root = email("root");
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), "user", "add",
        "--email", root, "--password", PASSWORD, "--superuser", "--db-url", TestDatabase.url(),
        "--data-dir", Files.createTempDirectory("mw-webapp-cli").toString());
    assertThat(code).as(err.toString()).isZero();
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, root);
    b.click("#nav-admin", PAGE);
    b.await(PAGE, "the settings listed", d -> d.findElements(By.cssSelector("#settings-table tbody tr")).size() > 3);
    b.await(PAGE, "this node in the cluster", d -> !d.findElements(By.cssSelector("#cluster-table tbody tr")).isEmpty());
    b.await(PAGE, "the speech engines among the plugins", d -> d.findElements(By.id("plugins-table")).stream()
        .anyMatch(t -> t.getText().contains("freetts")));
    // the search index's model, and a re-index to the model it already has is refused with the server's reason
    b.await(PAGE, "the live index's model", d -> d.findElement(By.id("index-live")).getText().contains("all-minilm-l6-v2-q"));
    b.await(PAGE, "the embedding providers to choose from", d -> d.findElements(By.cssSelector("#reindex-provider option")).stream()
        .map(WebElement::getText).toList().containsAll(List.of("minilm (configured)", "e5-small")));
    new Select(b.driver().findElement(By.id("reindex-provider"))).selectByValue("minilm");
    b.click("#reindex-form button[type=submit]", PAGE);
    b.await(PAGE, "the refusal shown", d -> d.getPageSource().contains("already"));
    assertThat(b.all("#reindex-cancel").stream().filter(WebElement::isDisplayed).toList()).as("nothing to cancel").isEmpty();
    // the chunk size with its re-chunk: asked again for the size every source already has, it starts, finds nothing to do and ends
    b.await(PAGE, "the chunk size", d -> d.findElement(By.id("rechunk-info")).getText().contains("Chunk size 120 wordpieces"));
    assertThat(b.driver().findElement(By.id("rechunk-size")).getAttribute("value")).isEqualTo("120");
    b.click("#rechunk-form button[type=submit]", PAGE);
    b.await(PAGE, "the re-chunk started", d -> d.getPageSource().contains("Re-chunk to 120 wordpieces started"));
    b.await(PAGE, "no source left on another size", d -> d.findElement(By.id("rechunk-info")).getText()
        .contains("0 sources are chunked with another size"));
    b.shot("admin");
    // another user has no admin link, and the admin page's data is refused to them
    b.click("#sign-out", PAGE);
    String eve = email("eve");
    account(eve);
    signIn(b, eve);
    assertThat(b.all("#nav-admin").stream().filter(WebElement::isDisplayed).toList()).isEmpty();
  }

  @Test
  void theLibraryIsReadableAtAPhonesWidth(TestInfo test) {
    String carol = email("carol");
    String token = account(carol);
    addText(token, "A note read on a phone", "A short note, long enough to be a source: the harbour at dawn, gulls and the tide.")
        .toCompletionStage().toCompletableFuture().join();
    Browser b = browser(test, Browser.PHONE);
    signIn(b, carol);
    b.click("#nav-library", PAGE);
    b.visible(".source-row .source-title", PAGE);
    b.shot("library");
    assertThat(((Number) b.script("return window.innerWidth")).intValue()).isEqualTo(Browser.PHONE.getWidth());
    assertThat(((Number) b.script("return document.documentElement.scrollWidth")).intValue())
        .as("the library's width: nothing scrolls sideways on a phone").isLessThanOrEqualTo(Browser.PHONE.getWidth());
    assertThat(b.all("#upload-input, #drop-zone")).isNotEmpty();
  }

  @Test
  void theLibraryWithTwoHundredSourcesPaints(TestInfo test) {
    String dave = email("dave");
    String token = account(dave);
    long t0 = System.nanoTime();
    // a few requests at a time: the node takes them as fast as one at a time would, without queueing 200 in its pools
    for (int from = 0; from < 200; from += 10) {
      List<Future<HttpResponse<Buffer>>> batch = new ArrayList<>();
      for (int i = from; i < from + 10; i++) {
        batch.add(addText(token, String.format("Field note %03d", i), "Field note " + i + " " + UUID.randomUUID()
            + ": the survey crew measured the river at station " + i + " and found it " + (i % 9) + " metres deep."));
      }
      Await.result(Future.all(batch));
    }
    System.out.printf("[browser] 200 text sources added over HTTP in %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());

    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, dave);
    // count the rows as they arrive, from the first script the next page runs
    b.onEveryPage("window.__mwRows = {};"
            + "new MutationObserver(() => {"
            + "  const n = document.querySelectorAll('.source-row').length;"
            + "  if (n > 0 && !window.__mwRows.first) window.__mwRows.first = performance.now();"
            + "  if (n >= 200 && !window.__mwRows.all) window.__mwRows.all = performance.now();"
            + "  window.__mwRows.count = n;"
            + "}).observe(document, {childList: true, subtree: true});");
    b.open(base + "/?fresh=" + UUID.randomUUID() + "#/library");
    b.visible(".source-row", PAGE);
    // the rows shown once their number has settled (the page may show them in pages)
    int[] seen = {-1, 0};
    b.await(PAGE, "the library's rows settled", d -> {
      int rows = b.all(".source-row").size();
      seen[1] = rows == seen[0] ? seen[1] + 1 : 0;
      seen[0] = rows;
      return seen[1] >= 5;
    });
    b.shot("library-200");
    @SuppressWarnings("unchecked")
    Map<String, Object> paints = (Map<String, Object>) b.script(
        "const p = {}; performance.getEntriesByType('paint').forEach(e => p[e.name] = e.startTime);"
            + "const n = performance.getEntriesByType('navigation')[0];"
            + "return {fcp: p['first-contentful-paint'], firstPaint: p['first-paint'],"
            + " domContentLoaded: n ? n.domContentLoadedEventEnd : null, firstRow: window.__mwRows.first,"
            + " allRows: window.__mwRows.all, rows: document.querySelectorAll('.source-row').length};");
    System.out.printf("[browser] library with 200 sources: first contentful paint %s ms, first paint %s ms, DOMContentLoaded %s ms,"
            + " first row %s ms, 200 rows %s ms, rows shown %s%n", paints.get("fcp"), paints.get("firstPaint"),
        paints.get("domContentLoaded"), paints.get("firstRow"), paints.get("allRows"), paints.get("rows"));
    assertThat(paints.get("fcp")).as("a first contentful paint").isNotNull();
    assertThat(((Number) paints.get("rows")).intValue()).isPositive();
  }

  @Test
  void aSuperuserFindsAUserDeactivatesReactivatesSetsAQuotaResetsThePasswordInvitesAndSeesTheAudit(TestInfo test) throws Exception {
    String root = superuser("root-accounts");
    String managed = email("managed");
    account(managed);
    String invitee = email("invitee");
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, root);
    b.click("#nav-admin", PAGE);
    // found by search: the one user whose email holds the unique part (the database is shared with other tests)
    b.type("#users-search", managed, PAGE);
    String row = ".user-row[data-email='" + managed + "']";
    b.await(PAGE, "only the searched user listed", d -> b.all(".user-row").size() == 1 && !b.all(row).isEmpty());
    assertThat(text(b, "#users-range")).isEqualTo("1–1 of 1");
    assertThat(text(b, row + " .user-status")).isEqualTo("active");
    assertThat(text(b, row + " .user-role")).isEqualTo("user");
    b.shot("user-found");

    // deactivated (a second click confirms): the row says so, and the server refuses their login
    b.click(row + " .user-toggle-active", PAGE);
    b.click(row + " .user-toggle-active", PAGE);
    b.await(PAGE, "the user shown deactivated", d -> text(b, row + " .user-status").equals("deactivated"));
    b.shot("deactivated");
    HttpResponse<Buffer> refused = login(managed, PASSWORD);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("account_inactive");
    b.click(row + " .user-toggle-active", PAGE);
    b.await(PAGE, "the user shown active again", d -> text(b, row + " .user-status").equals("active"));
    assertThat(login(managed, PASSWORD).statusCode()).as("login once reactivated").isEqualTo(200);

    // made a superuser and back (each confirmed)
    b.click(row + " .user-toggle-superuser", PAGE);
    b.click(row + " .user-toggle-superuser", PAGE);
    b.await(PAGE, "the user shown as a superuser", d -> text(b, row + " .user-role").equals("superuser"));
    b.click(row + " .user-toggle-superuser", PAGE);
    b.click(row + " .user-toggle-superuser", PAGE);
    b.await(PAGE, "the user shown as a user again", d -> text(b, row + " .user-role").equals("user"));

    // a quota of their own: 50 MB and 7 sources, uploads per hour left to the default
    b.click(row + " .user-quota", PAGE);
    b.type(".quota-editor .quota-mb", "50", PAGE);
    b.type(".quota-editor .quota-sources", "7", PAGE);
    b.shot("quota-editor");
    b.click(".quota-editor .quota-save", PAGE);
    b.await(PAGE, "the quota shown in the row", d -> text(b, row + " .user-storage").contains("of 50.0 MB")
        && text(b, row + " .user-sources").equals("0 of 7"));
    assertThat(b.all(".quota-editor")).as("the editor closed once saved").isEmpty();
    String rootToken = api.login(port, root);
    JsonObject listed = api.get(port, rootToken, "/api/v1/admin/users?query=" + URLEncoder.encode(managed, StandardCharsets.UTF_8))
        .getJsonArray("items").getJsonObject(0);
    assertThat(listed.getJsonObject("quota").getLong("bytes")).isEqualTo(50L * 1024 * 1024);
    assertThat(listed.getJsonObject("quota").getInteger("sources")).isEqualTo(7);
    assertThat(listed.getJsonObject("quota").getValue("uploadsPerHour")).as("empty: the default").isNull();

    // a password reset: the temporary password shown once, and it is the one that now works
    b.click(row + " .user-reset", PAGE);
    b.click(row + " .user-reset", PAGE);
    String temporary = b.await(PAGE, "the temporary password shown", d -> b.all("#temp-password").stream()
        .map(WebElement::getText).filter(t -> !t.isBlank()).findFirst().orElse(null));
    assertThat(text(b, "#users-notice")).contains(managed);
    b.await(PAGE, "the row says the password must be changed", d -> !b.all(row + " .user-must-change").isEmpty());
    b.shot("password-reset");
    assertThat(login(managed, PASSWORD).statusCode()).as("the old password after the reset").isEqualTo(401);
    HttpResponse<Buffer> withTemporary = login(managed, temporary);
    assertThat(withTemporary.statusCode()).as(withTemporary.bodyAsString()).isEqualTo(200);
    assertThat(withTemporary.bodyAsJsonObject().getJsonObject("user").getBoolean("mustChangePassword")).isTrue();

    // an invitation for one email: a refused expiry is shown with the server's reason; then its link shown once, listed as open
    b.type("#invitation-email", invitee, PAGE);
    b.type("#invitation-hours", "0", PAGE);
    b.click("#invitation-create", PAGE);
    b.await(PAGE, "the server's reason for refusing the expiry", d -> text(b, "#invitation-error").contains("1 to 2160"));
    assertThat(b.all("#invitation-link")).as("no link for a refused invitation").isEmpty();
    b.type("#invitation-hours", "24", PAGE);
    b.click("#invitation-create", PAGE);
    String link = b.await(PAGE, "the invitation link", d -> b.all("#invitation-link").stream()
        .map(e -> e.getDomProperty("value")).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null));
    assertThat(link).startsWith(base + "/#/register?invitation=");
    assertThat(b.driver().findElement(By.id("invitation-hours")).getDomProperty("value")).as("the expiry kept for the next one").isEqualTo("24");
    String invitation = ".invitation-row[data-email='" + invitee + "']";
    b.await(PAGE, "the invitation listed as open", d -> text(b, invitation + " .invitation-status").startsWith("open"));
    b.shot("invitation");

    // the audit says who did each of those, to whom
    b.click("#audit-refresh", PAGE);
    b.await(PAGE, "the audit lists the changes", d -> {
      List<String> entries = b.all("#audit-table .audit-row").stream()
          .filter(r -> r.getText().contains(root) && (r.getText().contains(managed) || r.getText().contains(invitee)))
          .map(r -> r.getDomAttribute("data-action") + " " + r.findElement(By.cssSelector(".audit-details")).getText()).toList();
      return entries.contains("user.update deactivated") && entries.contains("user.update reactivated")
          && entries.contains("user.update made superuser") && entries.contains("user.update superuser removed")
          && entries.contains("user.update quota: storage 50.0 MB, sources 7, uploads/hour default")
          && entries.stream().anyMatch(e -> e.startsWith("user.password-reset"))
          && entries.contains("invitation.create valid 24 h");
    });
    b.script("document.getElementById('audit-table').scrollIntoView()");
    b.shot("audit");

    // deleted (confirmed): the search finds no one, and the account is gone
    b.click(row + " .user-delete", PAGE);
    b.click(row + " .user-delete", PAGE);
    b.await(PAGE, "the deleted user gone from the list", d -> b.all(".user-row").isEmpty() && text(b, "#users-range").equals("0–0 of 0"));
    assertThat(login(managed, temporary).statusCode()).as("the deleted account's login").isEqualTo(401);

    // the link opens the registration with the invitation filled in (registration is open on this node, so it is not enforced here)
    b.click("#sign-out", PAGE);
    b.visible("#auth-login", PAGE);
    b.open(link);
    b.await(PAGE, "the registration form with the invitation", d -> b.all("#auth-invitation").stream()
        .anyMatch(e -> link.endsWith("=" + e.getDomProperty("value"))));
    assertThat(text(b, "#auth-title")).isEqualTo("Create your MediaWhisperer account");
    b.type("#auth-email", invitee, PAGE);
    b.type("#auth-password", PASSWORD, PAGE);
    b.shot("register-with-invitation");
    b.click("#auth-register", PAGE);
    b.await(PAGE, "signed in as the invitee", d -> whoami(b, invitee));
  }

  @Test
  void aUserSeesUsageAgainstTheQuotaEndsAnotherSessionAndChangesThePassword(TestInfo test) {
    String user = email("sessions");
    String program = account(user); // a session of another program, over HTTP
    Await.result(db.preparedQuery("UPDATE users SET quota_bytes = $2, quota_sources = 5, quota_uploads_per_hour = 0 WHERE email = $1")
        .execute(Tuple.of(user, 10L * 1024 * 1024)));
    addText(program, "A note", "Something worth keeping, and counted against the quota.").toCompletionStage().toCompletableFuture().join();
    Browser b = browser(test, Browser.DESKTOP);
    signIn(b, user);
    b.click("#nav-account", PAGE);
    b.await(PAGE, "the sources against their quota", d -> text(b, "#usage-sources").contains("1 of 5"));
    assertThat(text(b, "#usage-bytes")).matches("Storage\\s+\\d+(\\.\\d)? (B|KB) of 10\\.0 MB");
    assertThat(text(b, "#usage-uploads")).matches("Uploads in the last hour\\s+\\d+ \\(no limit\\)");

    // both sessions: this browser's, marked, and the program's, which is ended from here
    b.await(PAGE, "both sessions listed", d -> b.all(".session-row").size() == 2);
    WebElement mine = b.visible(".session-row.current", PAGE);
    assertThat(mine.getText()).contains("this session").contains("127.0.0.1");
    assertThat(mine.findElement(By.cssSelector(".user-agent")).getDomProperty("textContent")).contains("Chrome");
    WebElement theirs = b.visible(".session-row:not(.current)", PAGE);
    assertThat(theirs.findElement(By.cssSelector(".user-agent")).getDomProperty("textContent")).contains("Vert.x");
    assertThat(mine.findElements(By.cssSelector(".session-end"))).as("no End for this session").isEmpty();
    b.shot("account");
    b.click(".session-row:not(.current) .session-end", PAGE);
    b.await(PAGE, "only this session left", d -> b.all(".session-row").size() == 1 && !b.all(".session-row.current").isEmpty());
    assertThat(status(program, "/api/v1/auth/me")).as("the ended session").isEqualTo(401);

    // the password: a wrong current one is refused; the right one changes it and ends the other sessions
    String another = api.login(port, user);
    String newPassword = "a browser's newer password";
    b.type("#password-current", "not the password", PAGE);
    b.type("#password-new", newPassword, PAGE);
    b.type("#password-repeat", newPassword, PAGE);
    b.click("#password-change", PAGE);
    b.await(PAGE, "the wrong current password refused", d -> text(b, "#password-status").contains("wrong"));
    assertThat(status(another, "/api/v1/auth/me")).as("nothing changed").isEqualTo(200);
    b.type("#password-current", PASSWORD, PAGE);
    b.type("#password-new", newPassword, PAGE);
    b.type("#password-repeat", newPassword, PAGE);
    b.click("#password-change", PAGE);
    b.await(PAGE, "the change confirmed", d -> text(b, "#password-status").contains("changed"));
    assertThat(text(b, "#password-status")).contains("1 other session ended");
    b.shot("password-changed");
    assertThat(status(another, "/api/v1/auth/me")).as("the other session after the change").isEqualTo(401);
    assertThat(login(user, PASSWORD).statusCode()).as("the old password").isEqualTo(401);
    assertThat(login(user, newPassword).statusCode()).as("the new password").isEqualTo(200);
    // this browser's session lives on
    b.click("#nav-library", PAGE);
    b.await(PAGE, "the library, still signed in", d -> !d.findElements(By.id("upload-input")).isEmpty() && whoami(b, user));
  }

  @Test
  void aDeactivatedUserIsToldSoAndAUserWhosePasswordWasResetMustChangeItBeforeAnythingElse(TestInfo test) throws Exception {
    String rootToken = api.login(port, superuser("root-reset"));
    String gone = email("deactivated");
    account(gone);
    assertThat(send(HttpMethod.PATCH, rootToken, "/api/v1/admin/users/" + userId(gone), new JsonObject().put("isActive", false)).statusCode())
        .isEqualTo(200);
    String reset = email("reset");
    account(reset);
    HttpResponse<Buffer> resetReply = send(HttpMethod.POST, rootToken, "/api/v1/admin/users/" + userId(reset) + "/password-reset", null);
    assertThat(resetReply.statusCode()).as(resetReply.bodyAsString()).isEqualTo(200);
    String temporary = resetReply.bodyAsJsonObject().getString("temporaryPassword");

    Browser b = browser(test, Browser.DESKTOP);
    b.open(base + "/#/signin");
    b.type("#auth-email", gone, PAGE);
    b.type("#auth-password", PASSWORD, PAGE);
    b.click("#auth-login", PAGE);
    b.await(PAGE, "the deactivated account's refusal", d -> text(b, "#auth-error").contains("deactivated"));
    assertThat(whoami(b, gone)).isFalse();
    b.shot("deactivated-refused");

    b.type("#auth-email", reset, PAGE);
    b.type("#auth-password", temporary, PAGE);
    b.click("#auth-login", PAGE);
    b.visible("#password-required", PAGE);
    assertThat(whoami(b, reset)).isTrue();
    assertThat(b.all("#nav-library").stream().filter(WebElement::isDisplayed).toList()).as("no navigation").isEmpty();
    b.shot("must-change");
    // another address shows the same form, not the page
    b.open(base + "/#/account");
    b.visible("#password-required", PAGE);
    assertThat(b.all("#usage, #export-start")).as("nothing of the account page").isEmpty();

    String newPassword = "a password of my own";
    b.type("#password-current", temporary, PAGE);
    b.type("#password-new", newPassword, PAGE);
    b.type("#password-repeat", newPassword, PAGE);
    b.click("#password-change", PAGE);
    b.await(PAGE, "the account page once the password is changed", d -> !d.findElements(By.id("usage")).isEmpty());
    assertThat(b.all("#password-required")).isEmpty();
    assertThat(b.visible("#nav-library", PAGE).isDisplayed()).isTrue();
    b.shot("changed");
    HttpResponse<Buffer> again = login(reset, newPassword);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getJsonObject("user").getBoolean("mustChangePassword")).isFalse();
  }

  // ------------------------------------------------------------------ steps

  /** A superuser made with the CLI, as an operator would ({@code user add --superuser}); its email. */
  private static String superuser(String name) throws Exception {
    String email = email(name);
    java.io.StringWriter err = new java.io.StringWriter();
    int code = Main.execute(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err), "user", "add",
        "--email", email, "--password", PASSWORD, "--superuser", "--db-url", TestDatabase.url(),
        "--data-dir", Files.createTempDirectory("mw-webapp-cli").toString());
    assertThat(code).as(err.toString()).isZero();
    return email;
  }

  private static String userId(String email) {
    return Await.result(db.preparedQuery("SELECT id FROM users WHERE email = $1").execute(Tuple.of(email)))
        .iterator().next().getUUID(0).toString();
  }

  /** A login over HTTP, whatever it answers. */
  private static HttpResponse<Buffer> login(String email, String password) {
    return Await.result(client.post(port, "127.0.0.1", "/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)));
  }

  private static int status(String token, String path) {
    return Await.result(client.get(port, "127.0.0.1", path).bearerTokenAuthentication(token).send()).statusCode();
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String token, String path, JsonObject body) {
    var request = client.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(token);
    return Await.result(body == null ? request.send() : request.sendJsonObject(body));
  }

  /** The text of the first element {@code css}, or "" when there is none. */
  private static String text(Browser b, String css) {
    return b.all(css).stream().findFirst().map(WebElement::getText).orElse("");
  }

  private static String email(String name) {
    return name + "-" + UUID.randomUUID() + "@example.org";
  }

  /** An account made over the API, and its token. */
  private static String account(String email) {
    api.register(port, email);
    return api.login(port, email);
  }

  /** A text source added over the API and read by the node (at most {@link #INGESTION}); its id. */
  private static String ingestedText(String token, String title, String text) throws InterruptedException {
    String sourceId = addText(token, title, text).toCompletionStage().toCompletableFuture().join().bodyAsJsonObject()
        .getJsonObject("source").getString("id");
    for (long until = System.nanoTime() + INGESTION.toNanos(); !"completed".equals(
        api.get(port, token, "/api/v1/sources/" + sourceId).getString("status")); ) {
      assertThat(System.nanoTime()).as("the text source is ingested in time").isLessThan(until);
      Thread.sleep(200);
    }
    return sourceId;
  }

  private static Future<HttpResponse<Buffer>> addText(String token, String title, String text) {
    return client.post(port, "127.0.0.1", "/api/v1/sources").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("kind", "text").put("title", title).put("text", text))
        .map(response -> {
          if (response.statusCode() != 201 && response.statusCode() != 202) {
            throw new AssertionError("POST /api/v1/sources: " + response.statusCode() + " " + response.bodyAsString());
          }
          return response;
        });
  }

  /**
   * Registers on the sign-in page. Whether registering signs in as well is the page's choice: if
   * the form is still there once the account exists, signing in is the next step a person takes.
   */
  private void signUp(Browser b, String email) {
    b.open(base + "/");
    fillCredentials(b, email);
    b.all("#auth-name").stream().filter(WebElement::isDisplayed).findFirst().ifPresent(name -> name.sendKeys("Tester"));
    b.click("#auth-register", PAGE);
    String outcome = b.await(PAGE, "signed in or an account made", d -> {
      if (whoami(b, email)) {
        return "signed in";
      }
      String error = b.all("#auth-error").stream().map(WebElement::getText).filter(t -> !t.isBlank()).findFirst().orElse(null);
      if (error != null) {
        throw new AssertionError("registering " + email + " failed: " + error);
      }
      return accountExists(email) ? "registered" : null;
    });
    if (outcome.equals("registered") && !b.becomes(Duration.ofSeconds(5), d -> whoami(b, email))) {
      b.click("#auth-login", PAGE);
    }
    b.await(PAGE, "signed in as " + email, d -> whoami(b, email));
  }

  private void signIn(Browser b, String email) {
    b.open(base + "/#/signin");
    fillCredentials(b, email);
    b.click("#auth-login", PAGE);
    b.await(PAGE, "signed in as " + email, d -> whoami(b, email));
  }

  private static void fillCredentials(Browser b, String email) {
    b.type("#auth-email", email, PAGE);
    b.type("#auth-password", PASSWORD, PAGE);
  }

  private static boolean whoami(Browser b, String email) {
    return b.all("#whoami").stream().anyMatch(e -> e.getText().contains(email));
  }

  /** Whether the account exists, asked of the database: a login to find out would count as a failed one. */
  private static boolean accountExists(String email) {
    return Await.result(db.preparedQuery("SELECT count(*) FROM users WHERE email = $1").execute(Tuple.of(email)))
        .iterator().next().getLong(0) == 1;
  }

  /** Whether {@code count} rows all read completed; a failed one fails the test with its row's text. */
  private static Boolean allCompleted(Browser b, int count) {
    List<WebElement> rows = b.all(".source-row");
    List<String> statuses = rows.stream()
        .map(row -> row.findElement(By.cssSelector(".source-status")).getText().strip().toLowerCase(Locale.ROOT)).toList();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i).startsWith("failed")) {
        throw new AssertionError("a source failed: " + rows.get(i).getText());
      }
    }
    return rows.size() == count && statuses.stream().allMatch(s -> s.equals("completed"));
  }

  private static String sourceIdOfKind(Browser b, String kind) {
    return b.await(PAGE, "a " + kind + " row with its source id", d -> b.all(".source-row").stream()
        .filter(row -> kind.equals(row.getDomAttribute("data-kind"))).findFirst()
        .map(row -> row.getDomAttribute("data-source-id")).filter(id -> !id.isBlank()).orElse(null));
  }

  /**
   * Records, from before the question is sent, whether the last assistant message was on the page
   * before it was {@code done} (and with what length of text): a streamed answer is.
   */
  private static void watchTheAnswer(Browser b) {
    b.script("window.__mwAnswer = {pending: false, partial: false, lengths: []};"
        + "new MutationObserver(() => {"
        + "  const all = document.querySelectorAll('.message.assistant');"
        + "  const last = all[all.length - 1];"
        + "  if (!last || last.classList.contains('done')) return;"
        + "  const n = last.textContent.trim().length;"
        + "  window.__mwAnswer.pending = true;"
        + "  if (n > 0) window.__mwAnswer.partial = true;"
        + "  if (window.__mwAnswer.lengths[window.__mwAnswer.lengths.length - 1] !== n) window.__mwAnswer.lengths.push(n);"
        + "}).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true,"
        + " attributeFilter: ['class']});");
  }

  private static <T> T last(List<T> list) {
    return list.isEmpty() ? null : list.get(list.size() - 1);
  }

  private static <T> List<T> nonEmpty(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
