package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian chromium driven through its chromedriver, for the web app's tests: a fresh
 * profile each time, every console entry collected (a SEVERE one fails the test, see
 * {@link #assertNoConsoleErrors}), and a screenshot of every step in
 * {@code launcher/target/screenshots/<test>-<step>.png}. Chromium missing fails the test with the
 * command that installs it: a browser test that skips proves nothing.
 */
final class Browser implements AutoCloseable {

  /** Where Debian's packages {@code chromium} and {@code chromium-driver} put them; {@code MW_CHROMIUM}, {@code MW_CHROMEDRIVER} point elsewhere. */
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MW_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MW_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(390, 844);
  static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
  /**
   * Chrome logs every HTTP error a page's fetch gets as a SEVERE "Failed to load resource" entry,
   * though the page expected it and shows its message: {@code /auth/me} answers 401 to a visitor,
   * another user's source 404. Those of the API with a 4xx are the page's business, not errors in
   * it; a 5xx, or a 4xx of anything else (a script, a style), still fails the test.
   */
  private static final Pattern HANDLED_API_ANSWER =
      Pattern.compile("^\\S+/api/v1/\\S* - Failed to load resource: the server responded with a status of 4\\d\\d\\b.*", Pattern.DOTALL);

  private final String test;
  private final ChromeDriver driver;
  private final Path profile;
  private final Duration started;
  private final List<LogEntry> console = new ArrayList<>();
  private int step;

  private Browser(String test, ChromeDriver driver, Path profile, Duration started) {
    this.test = test;
    this.driver = driver;
    this.profile = profile;
    this.started = started;
  }

  /** A new browser for the test named {@code test}, its window (and so its layout viewport) {@code size}. */
  static Browser start(String test, Dimension size) {
    requireInstalled(CHROMIUM, "chromium");
    requireInstalled(CHROMEDRIVER, "chromium-driver");
    Path profile;
    try {
      forgetScreenshots(test);
      profile = Files.createTempDirectory("mw-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        "--user-data-dir=" + profile, "--window-size=" + size.getWidth() + "," + size.getHeight());
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    long t0 = System.nanoTime();
    ChromeDriver driver = new ChromeDriver(service, options);
    Duration started = Duration.ofNanos(System.nanoTime() - t0);
    Browser browser = new Browser(test, driver, profile, started);
    try {
      browser.resize(size);
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
    System.out.printf("[browser] %s: chromium %s started in %d ms at %dx%d%n", test,
        driver.getCapabilities().getBrowserVersion(), started.toMillis(), size.getWidth(), size.getHeight());
    return browser;
  }

  /** The screenshots an earlier run of {@code test} left: what is in the directory is this run's. */
  private static void forgetScreenshots(String test) throws IOException {
    if (Files.isDirectory(SCREENSHOTS)) {
      try (Stream<Path> files = Files.list(SCREENSHOTS)) {
        for (Path file : files.filter(f -> f.getFileName().toString().matches(Pattern.quote(test) + "-\\d+-.*\\.png")).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static void requireInstalled(Path program, String debianPackage) {
    if (!Files.isExecutable(program)) {
      fail("%s is not installed (no executable %s): the web app's browser tests need Debian's chromium and its driver; "
          + "run `apt-get install chromium chromium-driver` (scripts/test does it when run as root), "
          + "or set MW_CHROMIUM / MW_CHROMEDRIVER", debianPackage, program);
    }
  }

  /**
   * The viewport at exactly {@code size}: a headless window's size includes no browser chrome, but
   * a narrow one is clamped to the desktop minimum, so the page's metrics are set through DevTools.
   */
  void resize(Dimension size) {
    driver.manage().window().setSize(size);
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
        "width", size.getWidth(), "height", size.getHeight(), "deviceScaleFactor", 1, "mobile", size.getWidth() < 600));
  }

  WebDriver driver() {
    return driver;
  }

  /** How long chromium and its driver took to start, to the first blank page. */
  Duration startTime() {
    return started;
  }

  /** Runs {@code js} first in every document loaded from now on, before the page's own scripts (DevTools, so the page's CSP does not apply). */
  void onEveryPage(String js) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js));
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits up to {@code timeout} for {@code condition} to give something other than null or false; fails with {@code what}. */
  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
    wait.withMessage(() -> what + " (at " + driver.getCurrentUrl() + ", step " + step + ")");
    // the pages re-render: an element read while it is replaced is read again on the next poll
    wait.ignoring(StaleElementReferenceException.class);
    try {
      return wait.until(condition);
    } catch (RuntimeException e) {
      shot("timeout");
      throw e;
    }
  }

  /** Whether {@code condition} holds within {@code timeout}; not holding is an answer here, not a failure. */
  boolean becomes(Duration timeout, Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(driver, timeout, Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class).until(condition);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /**
   * Clicks the visible element {@code css} once there is one that takes the click: one replaced as
   * the page re-renders, or covered for a moment, is looked up and clicked again.
   */
  void click(String css, Duration timeout) {
    act(css, timeout, "click", WebElement::click);
  }

  /** Types {@code text} into the visible field {@code css} (cleared first), as {@link #click} finds it. */
  void type(String css, String text, Duration timeout) {
    act(css, timeout, "type into", field -> {
      field.clear();
      field.sendKeys(text);
    });
  }

  private void act(String css, Duration timeout, String what, Consumer<WebElement> action) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
    wait.withMessage(() -> "could not " + what + " a visible " + css + " (at " + driver.getCurrentUrl() + ", step " + step + ")");
    wait.ignoring(StaleElementReferenceException.class).ignoring(ElementNotInteractableException.class);
    try {
      wait.until(d -> {
        WebElement element = d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        if (element == null) {
          return false;
        }
        action.accept(element);
        return true;
      });
    } catch (RuntimeException e) {
      shot("timeout");
      throw e;
    }
  }

  /** The visible element {@code css} once there is one. */
  WebElement visible(String css, Duration timeout) {
    return await(timeout, "a visible " + css, d -> d.findElements(By.cssSelector(css)).stream()
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /**
   * Saves the page as {@code <test>-<nn>-<step>.png} and checks the console: a step that logged an
   * error fails here, next to its screenshot.
   */
  Path shot(String name) {
    step++;
    Path file = SCREENSHOTS.resolve(String.format("%s-%02d-%s.png", test, step, name));
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertNoConsoleErrors();
    return file;
  }

  /** Every console entry so far (the browser's log is read and kept on each call). */
  List<LogEntry> console() {
    driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
    return List.copyOf(console);
  }

  /** The SEVERE entries: errors the page logged or threw, refused resources (CSP), failed loads. */
  List<LogEntry> consoleErrors() {
    return console().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(entry -> !HANDLED_API_ANSWER.matcher(entry.getMessage()).matches())
        .toList();
  }

  void assertNoConsoleErrors() {
    List<LogEntry> errors = consoleErrors();
    if (!errors.isEmpty()) {
      fail("the page logged %d console error(s) in %s by step %d: %s", errors.size(), test, step,
          errors.stream().map(LogEntry::getMessage).toList());
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a profile left in the temporary directory harms nothing
      }
    }
  }
}
