package io.mediawhisperer.plugin.pg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's database URL ({@code postgresql://user:password@host:port/db?param=value}, also
 * {@code postgres://} and {@code jdbc:postgresql://}) taken apart for JDBC: the user and password go
 * to the driver as properties (so they never appear in a JDBC URL or a log), query parameters are
 * passed through, and a given {@code options} parameter is kept apart so that a plugin can add
 * its own session settings to it (a URL parameter would otherwise replace them). Shared by the
 * plugins that keep their data in the node's PostgreSQL (pgvector, the postgres blob store).
 *
 * @param jdbcUrl  {@code jdbc:postgresql://hosts/db[?params]} without user, password or options
 * @param user     the user, or null (the driver then uses the OS user)
 * @param password the password, or null
 * @param database the database name (decoded), for messages
 * @param options  the URL's {@code options} parameter (decoded), or null
 */
public record PgUrl(String jdbcUrl, String user, String password, String database, String options) {

  /** The URL without its password, for logs and messages. */
  public String display() {
    return redact("postgresql://" + (user == null ? "" : user + "@")
        + jdbcUrl.substring("jdbc:postgresql://".length()));
  }

  @Override
  public String toString() {
    return display();
  }

  /**
   * @param who what needs the database, for the message when the URL is missing (e.g. "the
   *     pgvector vector backend")
   */
  public static PgUrl parse(String url, String who) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(who + " needs a database URL (postgresql://user:password@host:port/db)");
    }
    String s = url.trim();
    if (s.startsWith("jdbc:")) {
      s = s.substring("jdbc:".length());
    }
    String rest;
    if (s.startsWith("postgresql://")) {
      rest = s.substring("postgresql://".length());
    } else if (s.startsWith("postgres://")) {
      rest = s.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://user:password@host:port/db): "
          + redact(url));
    }
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int authorityEnd = slash >= 0 ? slash : question >= 0 ? question : rest.length();
    String authority = rest.substring(0, authorityEnd);
    String path = "";
    String query = "";
    if (slash >= 0 && (question < 0 || slash < question)) {
      path = question >= 0 ? rest.substring(slash + 1, question) : rest.substring(slash + 1);
    }
    if (question >= 0) {
      query = rest.substring(question + 1);
    }

    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    String hosts = at >= 0 ? authority.substring(at + 1) : authority;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, url);
      password = colon >= 0 ? decode(userInfo.substring(colon + 1), url) : null;
    }
    if (hosts.isEmpty()) {
      hosts = "localhost";
    }

    String options = null;
    List<String> passed = new ArrayList<>();
    for (String param : query.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String key = decode(eq >= 0 ? param.substring(0, eq) : param, url);
      String value = eq >= 0 ? decode(param.substring(eq + 1), url) : "";
      switch (key) {
        case "user" -> user = value;
        case "password" -> password = value;
        case "options" -> options = value;
        default -> passed.add(param);
      }
    }
    if (user != null && user.isEmpty()) {
      user = null;
    }
    String database = decode(path, url);
    if (database.isEmpty()) {
      database = user != null ? user : "postgres";
      path = database;
    }
    String jdbc = "jdbc:postgresql://" + hosts + "/" + path + (passed.isEmpty() ? "" : "?" + String.join("&", passed));
    return new PgUrl(jdbc, user, password, database, options);
  }

  /** The URL with any password replaced. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** Percent-decoding as in a URI ('+' stays a plus). */
  private static String decode(String s, String url) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException("bad percent-escape in the database URL " + redact(url));
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent-escape in the database URL " + redact(url));
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
