package io.mediawhisperer.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL as a node starts it: what it promises about a power loss, and who may use its directory. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedDatabaseTest {

  @TempDir
  Path dir;

  @Test
  void byDefaultEveryCommitIsFlushedToDisk() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0)) {
      assertThat(settings(db.url()))
          .containsEntry("fsync", "on")
          .containsEntry("synchronous_commit", "on")
          .containsEntry("full_page_writes", "on");
    }
  }

  @Test
  void theFastModeTurnsFlushingOffOnlyWhenAskedFor() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0, EmbeddedDatabase.Durability.FAST)) {
      assertThat(settings(db.url())).containsEntry("fsync", "off").containsEntry("synchronous_commit", "off");
    }
    // the same cluster started again without the setting is durable: nothing of the fast mode stays behind
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg"), 0, EmbeddedDatabase.Durability.DURABLE)) {
      assertThat(settings(db.url())).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
    }
  }

  @Test
  void durabilityIsSpelledAsTheConfigurationSpellsIt() {
    assertThat(EmbeddedDatabase.Durability.parse(null)).isEqualTo(EmbeddedDatabase.Durability.DURABLE);
    assertThat(EmbeddedDatabase.Durability.parse("durable")).isEqualTo(EmbeddedDatabase.Durability.DURABLE);
    assertThat(EmbeddedDatabase.Durability.parse(" FAST ")).isEqualTo(EmbeddedDatabase.Durability.FAST);
    assertThatThrownBy(() -> EmbeddedDatabase.Durability.parse("quick")).hasMessageContaining("expected durable or fast");
  }

  @Test
  void aSecondStartOnADirectoryInUseFailsAtOnceNamingIt() throws Exception {
    Path pg = dir.resolve("pg");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, 0)) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> EmbeddedDatabase.start(pg, 0).close())
          .hasMessageContaining("in use by another MediaWhisperer")
          .hasMessageContaining(pg.toAbsolutePath().toString());
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("seconds to give up").isLessThan(20);
      // the refused start touched nothing: the first one still answers
      assertThat(settings(db.url())).containsKey("fsync");
    }
    // stopped, the directory is free again
    EmbeddedDatabase.start(pg, 0).close();
  }

  @Test
  void aPidFileWhosePidAnotherProcessTookOverDoesNotStopTheStart() throws Exception {
    Path pg = dir.resolve("pg");
    EmbeddedDatabase.start(pg, 0).close();
    // as after a reboot: the pid of the last postmaster now belongs to something else
    Process stranger = new ProcessBuilder("sleep", "120").start();
    try {
      Files.writeString(pg.resolve("data/postmaster.pid"), stranger.pid() + "\n" + pg.resolve("data").toAbsolutePath()
          + "\n1700000000\n5432\n\n127.0.0.1\n  5432001    123456\nready   \n");
      try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, 0)) {
        assertThat(settings(db.url())).containsEntry("fsync", "on");
      }
      assertThat(stranger.isAlive()).as("the stranger was left alone").isTrue();
    } finally {
      stranger.destroyForcibly();
    }
  }

  private static Map<String, String> settings(String url) throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    try (var c = DriverManager.getConnection(Database.jdbcUrl(url), Database.jdbcProperties(url));
        var rs = c.createStatement().executeQuery(
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")) {
      while (rs.next()) {
        settings.put(rs.getString(1), rs.getString(2));
      }
    }
    return settings;
  }
}
