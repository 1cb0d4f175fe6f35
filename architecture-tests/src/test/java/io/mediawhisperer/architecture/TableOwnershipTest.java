package io.mediawhisperer.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: the SQL of a module (its Java sources and its migrations) names only the
 * tables that module owns. Everyone else asks the owner over the bus. The owners are the README's
 * ownership table; the check reads the sources of the checkout (the module's working directory is
 * {@code architecture-tests}, beside the others).
 */
class TableOwnershipTest {

  /** Module directory -> the tables it alone reads and writes. The README's "Who owns what" says the same. */
  static final Map<String, Set<String>> OWNERS = new LinkedHashMap<>();

  static {
    OWNERS.put("verticles/auth", Set.of("users", "sessions", "config"));
    OWNERS.put("verticles/ingestion", Set.of("sources", "jobs", "collections", "source_pages", "source_segments", "source_images"));
    OWNERS.put("verticles/retrieval", Set.of("search_sources", "chunks", "embedding_cache"));
    OWNERS.put("verticles/chat", Set.of("conversations", "messages"));
    OWNERS.put("verticles/generation", Set.of("templates"));
    OWNERS.put("verticles/audiobook", Set.of("audiobooks", "audiobook_chapters"));
    OWNERS.put("verticles/transcripts", Set.of("video_transcripts"));
    OWNERS.put("launcher", Set.of("nodes"));
    OWNERS.put("verticles/http", Set.of());
    OWNERS.put("verticles/cleanup", Set.of());
    OWNERS.put("verticles/embedding", Set.of());
    OWNERS.put("verticles/common", Set.of());
    OWNERS.put("verticles/bus-api", Set.of());
  }

  /**
   * Migrations that ran before the tables had one owner each, kept as they are (Flyway checks their
   * checksums): the other owners' tables each one names. Nothing may be added here; a new migration
   * names only its own module's tables.
   */
  static final Map<String, Set<String>> HISTORY = Map.of(
      "V3__ingestion_sources_jobs_chunks.sql", Set.of("users", "chunks"),
      "V4__chat_conversations_messages_summaries.sql", Set.of("users", "collections", "jobs"),
      "V5__nodes_and_stale_jobs.sql", Set.of("jobs"),
      "V6__generation_templates.sql", Set.of("users"),
      // the one-time backfill of retrieval's copy, at the upgrade that made retrieval the index's owner
      "V7__retrieval_owns_the_search_index.sql", Set.of("sources"));

  /** A table named where SQL names one: after FROM, JOIN, INTO, UPDATE, TABLE, REFERENCES, or an index's ON. */
  private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE(?: IF EXISTS)?|REFERENCES|ON)\\s+([a-z_]+)\\b");

  private static Path checkout() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("verticles")) ? here : here.getParent();
  }

  @Test
  void everyModuleNamesOnlyTheTablesItOwns() {
    Set<String> known = new TreeSet<>();
    OWNERS.values().forEach(known::addAll);
    List<String> violations = new ArrayList<>();
    OWNERS.forEach((module, owned) -> {
      for (Path file : sqlBearingFiles(checkout().resolve(module))) {
        Set<String> allowed = HISTORY.getOrDefault(file.getFileName().toString(), Set.of());
        for (String table : tablesNamedIn(file)) {
          if (known.contains(table) && !owned.contains(table) && !allowed.contains(table)) {
            violations.add(module + " names " + table + " (owned by " + ownerOf(table) + ") in " + checkout().relativize(file));
          }
        }
      }
    });
    assertThat(violations).as("SQL naming another owner's table; ask the owner over the bus instead").isEmpty();
  }

  @Test
  void theCheckSeesTheTablesAModuleDoesUse() {
    // the rule is only as good as its reading of SQL: it must find what each owner's own statements name
    Set<String> namedByIngestion = new TreeSet<>();
    sqlBearingFiles(checkout().resolve("verticles/ingestion/src/main/java")).forEach(f -> namedByIngestion.addAll(tablesNamedIn(f)));
    assertThat(namedByIngestion).contains("sources", "jobs", "collections", "source_pages");
    Set<String> namedByRetrieval = new TreeSet<>();
    sqlBearingFiles(checkout().resolve("verticles/retrieval")).forEach(f -> namedByRetrieval.addAll(tablesNamedIn(f)));
    assertThat(namedByRetrieval).contains("search_sources", "chunks");
  }

  @Test
  void everyTableHasExactlyOneOwner() {
    Map<String, String> owner = new LinkedHashMap<>();
    OWNERS.forEach((module, tables) -> tables.forEach(table -> assertThat(owner.put(table, module)).as(table).isNull()));
  }

  private static String ownerOf(String table) {
    return OWNERS.entrySet().stream().filter(e -> e.getValue().contains(table)).map(Map.Entry::getKey).findFirst().orElse("?");
  }

  /** Main Java sources and migrations of a module (tests set up rows of any table, as an owner would have left them). */
  private static List<Path> sqlBearingFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("no module at " + dir);
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/test/"))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> tablesNamedIn(Path file) {
    try {
      Set<String> tables = new TreeSet<>();
      Matcher m = TABLE.matcher(Files.readString(file));
      while (m.find()) {
        tables.add(m.group(1));
      }
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
