package io.mediawhisperer.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One user holding the benchmark's PDF manuals: uploaded over HTTP into a fresh node and waited
 * for, or found again in a kept work directory where an earlier run ingested the same files (a
 * note in the directory names the user and its sources).
 */
final class ManualsCorpus {

  static final String NOTE = "http-search-corpus.json";
  private static final String EMAIL = "http-search-bench@example.org";
  private static final Duration CALL_LIMIT = Duration.ofMinutes(2);
  private static final Duration JOB_LIMIT = Duration.ofMinutes(45);
  private static final long POLL_MS = 500;

  /** A source the user holds, as the node reports it. */
  record Held(String file, String sourceId, int pages, int chunks) {
  }

  final BenchSession session;
  final List<Held> sources;
  /** Whether this run ingested the manuals (false: an earlier run did). */
  final boolean ingestedNow;
  /** Wall time of the upload-and-wait, 0 when reused. */
  final long ingestMs;

  private ManualsCorpus(BenchSession session, List<Held> sources, boolean ingestedNow, long ingestMs) {
    this.session = session;
    this.sources = sources;
    this.ingestedNow = ingestedNow;
    this.ingestMs = ingestMs;
  }

  int pages() {
    return sources.stream().mapToInt(Held::pages).sum();
  }

  int chunks() {
    return sources.stream().mapToInt(Held::chunks).sum();
  }

  /**
   * The user and its manuals: reused when {@code work} has the note of an earlier run over the same
   * files, else (unless {@code mustReuse}) registered and uploaded now.
   */
  static ManualsCorpus open(BenchNode bench, List<Path> pdfs, boolean mustReuse, BenchNode.Progress progress) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Path note = bench.work.resolve(NOTE);
    List<String> files = pdfs.stream().map(p -> p.getFileName().toString()).toList();
    if (Files.exists(note)) {
      JsonObject earlier = new JsonObject(Files.readString(note));
      List<String> held = earlier.getJsonArray("sources").stream().map(s -> ((JsonObject) s).getString("file")).toList();
      if (!held.equals(files)) {
        throw new IllegalStateException(bench.work + " holds " + held + ", this run asks for " + files
            + ": give another --data-dir");
      }
      BenchSession session = BenchSession.login(http, bench.baseUrl(), earlier.getString("email"), CALL_LIMIT);
      List<Held> sources = new ArrayList<>();
      for (Object s : earlier.getJsonArray("sources")) {
        JsonObject source = (JsonObject) s;
        sources.add(held(session, source.getString("file"), source.getString("sourceId")));
      }
      progress.say("reusing the manuals ingested by an earlier run in %s", bench.work);
      return new ManualsCorpus(session, sources, false, 0);
    }
    if (mustReuse) {
      throw new IllegalStateException("--skip-ingest: " + bench.work + " has no " + NOTE + " of an earlier run");
    }
    BenchSession session = BenchSession.register(http, bench.baseUrl(), EMAIL, CALL_LIMIT);
    long started = System.nanoTime();
    List<Held> sources = new ArrayList<>();
    for (Path pdf : pdfs) {
      sources.add(ingest(session, pdf, progress));
    }
    long ingestMs = (System.nanoTime() - started) / 1_000_000;
    JsonArray noted = new JsonArray();
    sources.forEach(s -> noted.add(new JsonObject().put("file", s.file()).put("sourceId", s.sourceId())));
    Files.writeString(note, new JsonObject().put("email", EMAIL).put("sources", noted).encodePrettily());
    return new ManualsCorpus(session, sources, true, ingestMs);
  }

  private static Held ingest(BenchSession session, Path pdf, BenchNode.Progress progress) throws Exception {
    long started = System.nanoTime();
    String jobId = session.upload(pdf, "application/pdf").getJsonObject("job").getString("id");
    while (true) {
      JsonObject job = session.get("/api/v1/jobs/" + jobId);
      String status = job.getString("status");
      if ("failed".equals(status)) {
        throw new IllegalStateException(pdf.getFileName() + " failed to ingest: " + job.getString("error"));
      }
      if ("completed".equals(status)) {
        Held held = held(session, pdf.getFileName().toString(), job.getString("sourceId"));
        progress.say("%s: %d pages, %d chunks in %.1f s", held.file(), held.pages(), held.chunks(),
            (System.nanoTime() - started) / 1e9);
        return held;
      }
      if (System.nanoTime() - started > JOB_LIMIT.toNanos()) {
        throw new IllegalStateException(pdf.getFileName() + " was not ingested within " + JOB_LIMIT.toMinutes()
            + " minutes (stage " + job.getString("stage") + ", progress " + job.getValue("progress") + "%)");
      }
      Thread.sleep(POLL_MS);
    }
  }

  private static Held held(BenchSession session, String file, String sourceId) throws Exception {
    JsonObject source = session.get("/api/v1/sources/" + sourceId);
    if (!"completed".equals(source.getString("status"))) {
      throw new IllegalStateException(file + " is " + source.getString("status") + ", not completed");
    }
    return new Held(file, sourceId, source.getInteger("pageCount", 0), source.getInteger("chunkCount", 0));
  }
}
