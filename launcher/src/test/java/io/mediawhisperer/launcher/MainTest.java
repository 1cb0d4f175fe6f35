package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.db.Database;
import io.mediawhisperer.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: subcommands, generated flags, exit codes and messages. */
class MainTest {

  @TempDir
  Path dataDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void userAddCreatesASuperuserThatCanThenLogIn() throws Exception {
    String email = "admin-" + UUID.randomUUID() + "@example.org";
    int code = run("user", "add", "--email", email.toUpperCase(), "--password", "admin password", "--name", "Root",
        "--superuser", "--db-url", TestDatabase.url(), "--data-dir", dataDir.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("created superuser " + email);
    String url = TestDatabase.url();
    try (var c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
         var st = c.prepareStatement("SELECT is_superuser, name FROM users WHERE email = ?")) {
      st.setString(1, email);
      var rs = st.executeQuery();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isTrue();
      assertThat(rs.getString(2)).isEqualTo("Root");
    }

    int again = run("user", "add", "--email", email, "--password", "admin password",
        "--db-url", TestDatabase.url(), "--data-dir", dataDir.toString());
    assertThat(again).isEqualTo(1);
    assertThat(err.toString()).contains("email_taken");
  }

  @Test
  void migrateBringsTheSchemaUpToDate() {
    assertThat(run("migrate", "--db-url", TestDatabase.url())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("database is up to date");
  }

  @Test
  void badFlagValuesAndUnknownFlagsAreExplained() {
    assertThat(run("--http-port", "eighty", "--data-dir", dataDir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--http-port").contains("whole number");

    assertThat(run("serve", "--no-such-flag")).isEqualTo(2);
    assertThat(err.toString()).contains("--no-such-flag");

    assertThat(run("user", "add", "--password", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--email");
  }

  @Test
  void helpListsEveryConfigurationFlag() {
    assertThat(run("serve", "--help")).isZero();
    for (var key : io.mediawhisperer.config.ConfigKeys.ALL) {
      assertThat(out.toString()).contains(key.flag()).contains(key.envVar());
    }
  }
}
