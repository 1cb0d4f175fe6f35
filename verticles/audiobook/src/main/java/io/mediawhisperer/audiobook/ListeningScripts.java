package io.mediawhisperer.audiobook;

import io.mediawhisperer.audiobook.script.ListeningScript;
import io.mediawhisperer.audiobook.script.MessageIn;
import io.mediawhisperer.audiobook.script.OutlineEntry;
import io.mediawhisperer.audiobook.script.PageIn;
import io.mediawhisperer.audiobook.script.SegmentIn;
import io.mediawhisperer.audiobook.script.SourceText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The script of a book: ingestion's reply ({@code IngestionBus.READING}) read by {@link ListeningScript}. */
final class ListeningScripts implements ScriptWriter {

  private final ListeningScript script;

  ListeningScripts(int pagesPerChapter) {
    this.script = new ListeningScript(ListeningScript.Settings.defaults().withPagesPerChapter(pagesPerChapter));
  }

  @Override
  public List<ScriptWriter.Chapter> write(JsonObject reading) {
    SourceText text = new SourceText(reading.getString("kind"), reading.getString("title"), reading.getString("language"),
        list(reading.getJsonArray("pages"), p -> new PageIn(p.getInteger("number"), p.getString("text", ""))),
        list(reading.getJsonArray("outline"), o -> new OutlineEntry(o.getString("title"), o.getInteger("pageNumber"), o.getInteger("level", 1))),
        list(reading.getJsonArray("segments"), s -> new SegmentIn(s.getDouble("start"), s.getDouble("end"), s.getString("text", ""))),
        list(reading.getJsonArray("messages"), m -> new MessageIn(m.getInteger("index"), m.getString("role"), m.getString("content", ""))));
    List<ScriptWriter.Chapter> chapters = new ArrayList<>();
    for (io.mediawhisperer.audiobook.script.Chapter chapter : script.chapters(text)) {
      chapters.add(new ScriptWriter.Chapter(chapter.title(), chapter.paragraphs(), chapter.wordCount()));
    }
    return chapters;
  }

  private static <T> List<T> list(JsonArray items, Function<JsonObject, T> shape) {
    List<T> out = new ArrayList<>();
    if (items != null) {
      items.forEach(item -> out.add(shape.apply((JsonObject) item)));
    }
    return out;
  }
}
