package io.mediawhisperer.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Locale;
import java.util.Map;

/**
 * The web app's files at the edge: the pages under the class path's webroot at {@code /}, the pdf.js
 * WebJar at {@code /vendor/pdfjs/}, and, for a browser that navigates to a path with no file and no
 * extension, {@code index.html} (the pages route on the hash, so such a path is a typed or stale
 * link). What these answer carries the pages' Content-Security-Policy and is revalidated on every
 * use ({@code no-cache} with {@code Last-Modified}): a new jar is seen at once. The API keeps
 * {@link RequestGuard}'s {@code default-src 'none'} and {@code no-store}, and so does any error here.
 */
final class WebApp {

  /** The pages' policy: only this server's own scripts, styles and connections; no inline script. */
  static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
      + "media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; font-src 'self' data:; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  /** Where the WebJar {@code org.webjars.npm:pdfjs-dist} keeps its files on the class path. */
  static final String PDFJS_ROOT = "META-INF/resources/webjars/pdfjs-dist/4.10.38";
  static final String PDFJS_PATH = "/vendor/pdfjs/";
  /** Every path but the API's, health's and metrics': those answer in the error shape when nothing matches. */
  private static final String PAGE_PATHS = "^/(?!api/|api$|health$|metrics$).*";
  /**
   * Types Vert.x's table lacks, which it would send as {@code application/octet-stream}: source
   * maps, pdf.js's character maps, Fluent strings. (It has {@code .mjs}, whose type matters most: a
   * module script of another type is refused, the responses being {@code nosniff}.)
   */
  private static final Map<String, String> EXTRA_TYPES = Map.of(
      "map", "application/json; charset=utf-8",
      "bcmap", "application/octet-stream",
      "ftl", "text/plain; charset=utf-8",
      "webmanifest", "application/manifest+json");

  private final String webroot;

  /** {@code webroot}: the class-path directory of the pages, {@code webroot} in the jar. */
  WebApp(String webroot) {
    this.webroot = webroot;
  }

  /** Mounts the routes; they match GET and HEAD outside {@code /api/}, {@code /health} and {@code /metrics} only. */
  void mount(Router router) {
    router.routeWithRegex(PAGE_PATHS).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(WebApp::pageHeaders);
    router.route(PDFJS_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(files(PDFJS_ROOT));
    router.routeWithRegex(PAGE_PATHS).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(files(webroot))
        .handler(this::appShell);
  }

  private static StaticHandler files(String root) {
    return StaticHandler.create(root)
        .setCachingEnabled(true)
        .setFilesReadOnly(true)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setDefaultContentEncoding("UTF-8");
  }

  /**
   * Decided when the headers go out, since only then is it known whether a file was sent: a file
   * (or its 304) gets the pages' policy and {@code no-cache}; an error keeps the API's headers.
   */
  private static void pageHeaders(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      HttpServerResponse response = ctx.response();
      if (response.getStatusCode() >= 400) {
        return;
      }
      response.putHeader("content-security-policy", PAGE_POLICY);
      response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
      String type = EXTRA_TYPES.get(extension(ctx.normalizedPath()));
      if (type != null) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, type);
      }
    });
    ctx.next();
  }

  /**
   * No file here: a browser navigating to an extension-less path gets the app's {@code index.html}
   * (which reads the hash); anything else, curl's {@code Accept: *}{@code /*} included, the error shape's 404.
   */
  private void appShell(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (!extension(ctx.normalizedPath()).isEmpty() || accept == null || !accept.toLowerCase(Locale.ROOT).contains("text/html")) {
      ctx.next();
      return;
    }
    ctx.vertx().fileSystem().readFile(webroot + "/index.html").onComplete(read -> {
      if (read.failed()) {
        ctx.next();
      } else {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(read.result());
      }
    });
  }

  /** The last path segment's extension in lower case, or "" when it has none. */
  static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
