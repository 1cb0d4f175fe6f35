package io.mediawhisperer.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mediawhisperer.testsupport.Corpus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Imports a generated ChatGPT export ({@code --conversations} 10,000 of {@code --messages} 20, by
 * default: 200,000 messages) over HTTP into a fresh node, and prints what it took: conversations
 * and messages per second, the JVM's peak heap during the import (the node runs in this JVM), and
 * the time from the upload until every conversation is searchable (the import job completes when
 * the last one is indexed; a search for the last conversation's own word then confirms it).
 * Messages are sentences of the Python FAQ, so the model embeds real text.
 */
public final class ChatImportBench {

  private static final Duration LIMIT = Duration.ofMinutes(60);

  private ChatImportBench() {
  }

  public static void main(String[] args) throws Exception {
    int conversations = 10_000;
    int messages = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conversations" -> conversations = Integer.parseInt(args[++i]);
        case "--messages" -> messages = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("usage: ChatImportBench [--conversations N] [--messages M]");
      }
    }
    BenchNode.quietLogs();
    String server = System.getenv().getOrDefault("MW_BENCH_DB_URL", "");
    Path work = Files.createTempDirectory("mw-chat-import-bench");
    Path export = work.resolve("conversations.json");
    List<String> sentences = sentences();
    long generated = System.nanoTime();
    write(export, conversations, messages, sentences);
    double generateS = (System.nanoTime() - generated) / 1e9;
    long bytes = Files.size(export);
    say("generated %d conversations of %d messages: %.1f MB in %.1f s", conversations, messages, bytes / 1e6, generateS);

    try (BenchNode bench = BenchNode.start("mw-chat-import-bench", server, Map.of(), ChatImportBench::say)) {
      HttpClient http = HttpClient.newHttpClient();
      BenchSession user = BenchSession.register(http, bench.baseUrl(), "chat-import-bench@example.org", LIMIT);
      System.gc();
      long heapBefore = usedHeap();
      resetPeaks();
      CpuMeter.Sample cpuFrom = CpuMeter.sample();
      long started = System.nanoTime();
      JsonObject accepted = user.upload(export, "application/json");
      double uploadS = (System.nanoTime() - started) / 1e9;
      String jobId = accepted.getJsonObject("job").getString("id");
      JsonObject job;
      while (true) {
        job = user.get("/api/v1/jobs/" + jobId);
        if (List.of("completed", "failed").contains(job.getString("status"))) {
          break;
        }
        Thread.sleep(500);
      }
      double importS = (System.nanoTime() - started) / 1e9;
      CpuMeter.Usage usage = CpuMeter.between(cpuFrom, CpuMeter.sample());
      long peak = peakHeap();
      if (!"completed".equals(job.getString("status"))) {
        throw new IllegalStateException("the import failed: " + job.encode());
      }
      String last = marker(conversations - 1);
      JsonArray found = user.get("/api/v1/chat-logs/search?q=" + URLEncoder.encode(last, StandardCharsets.UTF_8))
          .getJsonArray("items");
      JsonArray hits = user.post("/api/v1/search", new JsonObject().put("query", last + " " + sentences.get(0)).put("mode", "text"))
          .getJsonArray("results");
      JsonObject result = job.getJsonObject("result");
      long total = (long) conversations * messages;
      System.out.println("## Chat export import over HTTP (ChatGPT format, one upload, one import job)");
      System.out.println();
      System.out.printf("Node: %s; the job reads the export as a stream and stores and indexes each conversation before"
          + " reading the next. \"until searchable\" is the upload's start to the job's completion (each conversation is"
          + " indexed before the next is read).%n%n", bench.databaseDescription());
      Table table = new Table("conversations", "messages", "export MB", "upload s", "until searchable s", "conversations/s",
          "messages/s", "peak heap MB", "heap before MB", "created", "cpu ours %", "cpu others %");
      table.row(conversations, total, String.format("%.1f", bytes / 1e6), String.format("%.1f", uploadS), String.format("%.1f", importS),
          String.format("%.1f", conversations / importS), String.format("%.0f", total / importS), peak / 1_000_000, heapBefore / 1_000_000,
          result.getInteger("created"), String.format("%.1f", usage.oursPercent()), String.format("%.1f", usage.othersPercent()));
      System.out.print(table.render());
      System.out.printf("%nThe last conversation's own word (%s): %d message(s) found by full-text search, %d hit(s) from the index.%n",
          last, found.size(), hits.size());
    } finally {
      BenchNode.deleteRecursively(work, ChatImportBench::say);
    }
  }

  /** A word no other conversation has, for finding each one. */
  static String marker(int conversation) {
    StringBuilder word = new StringBuilder("zq");
    int n = conversation;
    do {
      word.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return word.toString();
  }

  private static List<String> sentences() throws Exception {
    String faq = FaqText.concatenated(Corpus.file("qa/general.rst.txt").getParent());
    List<String> out = new ArrayList<>();
    for (String sentence : faq.replaceAll("\\s+", " ").split("(?<=[.?!])\\s+")) {
      if (sentence.length() > 40 && sentence.length() < 300 && !sentence.contains("==")) {
        out.add(sentence);
      }
    }
    return out;
  }

  /** A ChatGPT conversations.json, written as a stream: linear mapping trees with a current_node. */
  private static void write(Path file, int conversations, int messages, List<String> sentences) throws Exception {
    Random random = new Random(42);
    double time = 1_600_000_000;
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (int c = 0; c < conversations; c++) {
        String id = new UUID(42, c).toString();
        json.writeStartObject();
        json.writeStringField("title", "Generated conversation " + c);
        json.writeNumberField("create_time", time);
        json.writeNumberField("update_time", time + messages * 30);
        json.writeStringField("conversation_id", id);
        json.writeStringField("id", id);
        json.writeObjectFieldStart("mapping");
        String parent = null;
        for (int m = 0; m < messages; m++) {
          String node = c + "-" + m;
          json.writeObjectFieldStart(node);
          json.writeStringField("id", node);
          json.writeObjectFieldStart("message");
          json.writeStringField("id", node);
          json.writeObjectFieldStart("author");
          json.writeStringField("role", m % 2 == 0 ? "user" : "assistant");
          json.writeEndObject();
          json.writeNumberField("create_time", time + m * 30);
          json.writeObjectFieldStart("content");
          json.writeStringField("content_type", "text");
          json.writeArrayFieldStart("parts");
          StringBuilder text = new StringBuilder(m == 0 ? "About " + marker(c) + ": " : "");
          int count = m % 2 == 0 ? 1 : 2 + random.nextInt(2);
          for (int s = 0; s < count; s++) {
            text.append(sentences.get(random.nextInt(sentences.size()))).append(' ');
          }
          json.writeString(text.toString().strip());
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndObject();
          if (parent == null) {
            json.writeNullField("parent");
          } else {
            json.writeStringField("parent", parent);
          }
          json.writeArrayFieldStart("children");
          if (m + 1 < messages) {
            json.writeString(c + "-" + (m + 1));
          }
          json.writeEndArray();
          json.writeEndObject();
          parent = node;
        }
        json.writeEndObject();
        json.writeStringField("current_node", parent);
        json.writeEndObject();
        time += 3600;
      }
      json.writeEndArray();
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks}: an upper bound of the heap in use at once. */
  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  private static void say(String format, Object... args) {
    System.err.printf("[chat-import-bench] " + format + "%n", args);
  }
}
