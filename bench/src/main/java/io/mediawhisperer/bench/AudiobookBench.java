package io.mediawhisperer.bench;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechRequest;
import io.mediawhisperer.spi.speech.SpeechResult;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.mediawhisperer.spi.speech.Voice;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Audiobooks of a generated {@code --pages} (100) page PDF: first each installed engine's
 * real-time factor (seconds of audio per second of synthesis, one thread) on the first
 * {@code --sample-pages} (10) pages' text; then the whole job over HTTP for each voice of
 * {@code --voices} (flite:slt, freetts:kevin16 by default) on a fresh node with
 * {@code audiobook-workers} = the cores: upload, ingestion, the book queued until completed (M4B),
 * with the chapters' synthesis time and the audio's length.
 */
public final class AudiobookBench {

  private static final Duration LIMIT = Duration.ofMinutes(90);
  private static final List<String> PREFERRED = List.of("flite:slt", "freetts:kevin16", "espeak-ng:en-us");

  private AudiobookBench() {
  }

  public static void main(String[] args) throws Exception {
    int pages = 100;
    int samplePages = 10;
    List<String> voices = List.of("flite:slt", "freetts:kevin16");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pages" -> pages = Integer.parseInt(args[++i]);
        case "--sample-pages" -> samplePages = Integer.parseInt(args[++i]);
        case "--voices" -> voices = List.of(args[++i].split(","));
        case "--engines-only" -> voices = List.of();
        default -> throw new IllegalArgumentException("usage: AudiobookBench [--pages N] [--sample-pages N] [--voices a,b | --engines-only]");
      }
    }
    BenchNode.quietLogs();
    int cores = Runtime.getRuntime().availableProcessors();
    Path work = Files.createTempDirectory("mw-audiobook-bench");
    try {
      String text = FaqText.concatenated(Corpus.file("qa/general.rst.txt").getParent());
      Path pdf = work.resolve("book.pdf");
      LargePdf.write(text, pages, pdf);
      engines(text, samplePages, pages, work);
      if (!voices.isEmpty()) {
        books(pdf, pages, voices, cores, work);
      }
    } finally {
      BenchNode.deleteRecursively(work, AudiobookBench::say);
    }
  }

  /** Each engine present, one thread, paragraphs of ~600 characters as the server sends them. */
  private static void engines(String text, int samplePages, int pages, Path work) throws Exception {
    // the PDF holds `pages` pages of this text: the sample is its share of samplePages
    List<String> paragraphs = paragraphs(text.substring(0, Math.min(text.length(), text.length() * samplePages / Math.max(1, pages))));
    int words = paragraphs.stream().mapToInt(p -> p.split("\\s+").length).sum();
    Table table = new Table("engine", "voice", "words", "audio s", "wall s", "x real time");
    NamedPlugins<SpeechSynthesizerProvider> providers = NamedPlugins.load(SpeechSynthesizerProvider.class, AudiobookBench.class.getClassLoader());
    for (String name : providers.names()) {
      SpeechSynthesizer engine;
      try {
        engine = providers.get(name).open(PluginSettings.empty());
      } catch (Exception e) {
        table.row(name, "not installed", "-", "-", "-", "-");
        continue;
      }
      try (engine) {
        // each engine's usual English voice: the one a server picks by default
        Voice voice = engine.voices().stream().filter(v -> PREFERRED.contains(v.id())).findFirst()
            .orElse(engine.voices().get(0));
        Path out = work.resolve(name + ".wav");
        engine.synthesize(new SpeechRequest("Warming up.", voice.id(), 1.0, Instant.now().plusSeconds(60), () -> false), out);
        double audio = 0;
        long started = System.nanoTime();
        for (String paragraph : paragraphs) {
          SpeechResult result = engine.synthesize(new SpeechRequest(paragraph, voice.id(), 1.0, Instant.now().plusSeconds(600), () -> false), out);
          audio += result.seconds();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        table.row(name, voice.id(), words, String.format("%.0f", audio), String.format("%.1f", wall), String.format("%.0f", audio / wall));
      }
    }
    System.out.printf("## Speech engines: the first %d of %d pages' text, one thread%n%n", samplePages, pages);
    System.out.print(table.render());
    System.out.println();
  }

  private static List<String> paragraphs(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String sentence : text.replaceAll("\\s+", " ").split("(?<=[.?!])\\s+")) {
      if (current.length() + sentence.length() > 600 && !current.isEmpty()) {
        out.add(current.toString());
        current.setLength(0);
      }
      current.append(sentence).append(' ');
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }

  private static void books(Path pdf, int pages, List<String> voices, int cores, Path work) throws Exception {
    Table table = new Table("voice", "pages", "chapters", "words", "audio min", "ingest s", "book s", "x real time (job)",
        "MB (m4b)");
    try (BenchNode bench = BenchNode.start("mw-audiobook-bench", System.getenv().getOrDefault("MW_BENCH_DB_URL", ""),
        Map.of("audiobook-workers", String.valueOf(cores)), AudiobookBench::say)) {
      HttpClient http = HttpClient.newHttpClient();
      BenchSession user = BenchSession.register(http, bench.baseUrl(), "audiobook-bench@example.org", LIMIT);
      long ingestStarted = System.nanoTime();
      JsonObject accepted = user.upload(pdf, "application/pdf");
      String sourceId = accepted.getJsonObject("source").getString("id");
      waitFor(user, "/api/v1/jobs/" + accepted.getJsonObject("job").getString("id"));
      double ingestS = (System.nanoTime() - ingestStarted) / 1e9;
      for (String voice : voices) {
        long started = System.nanoTime();
        JsonObject queued = user.post("/api/v1/audiobooks", new JsonObject().put("sourceId", sourceId).put("voice", voice));
        String bookId = queued.getJsonObject("audiobook").getString("id");
        JsonObject job = waitFor(user, "/api/v1/jobs/" + bookId);
        double bookS = (System.nanoTime() - started) / 1e9;
        JsonObject book = user.get("/api/v1/audiobooks/" + bookId);
        if (!"completed".equals(job.getString("status"))) {
          table.row(voice, pages, "-", "-", "-", String.format("%.1f", ingestS), String.format("%.1f", bookS), "failed: " + job.getString("error"),
              "-");
          continue;
        }
        JsonArray chapters = book.getJsonArray("chapters");
        int words = chapters.stream().mapToInt(c -> ((JsonObject) c).getInteger("words")).sum();
        double audio = book.getDouble("durationSeconds");
        say("%s: %d chapters, %.0f min of audio in %.1f s", voice, chapters.size(), audio / 60, bookS);
        table.row(voice, pages, chapters.size(), words, String.format("%.0f", audio / 60), String.format("%.1f", ingestS),
            String.format("%.1f", bookS), String.format("%.0f", audio / bookS), String.format("%.1f", book.getLong("sizeBytes") / 1e6));
      }
      System.out.printf("## A %d-page PDF read aloud over HTTP (%d cores, audiobook-workers %d, M4B)%n%n", pages, cores, cores);
      System.out.print(table.render());
    }
  }

  private static JsonObject waitFor(BenchSession user, String jobPath) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject job = user.get(jobPath);
      if (List.of("completed", "failed", "cancelled").contains(job.getString("status"))) {
        return job;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(jobPath + " did not finish in " + LIMIT.toMinutes() + " minutes");
  }

  private static void say(String format, Object... args) {
    System.err.printf("[bench] " + format + "%n", args);
  }
}
