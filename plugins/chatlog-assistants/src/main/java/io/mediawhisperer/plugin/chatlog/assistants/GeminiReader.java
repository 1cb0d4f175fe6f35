package io.mediawhisperer.plugin.chatlog.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gemini's chats as Google Takeout exports them: the "My Activity" JSON file, one array of
 * activity records, one record per prompt ({@link GeminiTurn}); records of other products are
 * passed over. Conversations are rebuilt by {@link GeminiThreads}. Since the records' order is not
 * documented (often newest first), the whole file's Gemini records are held, reduced to time,
 * prompt and answer, then sorted and grouped: memory grows with the file, as text only, unlike the
 * other readers, which hold one conversation.
 */
public final class GeminiReader implements ChatExportReader {

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public String platform() {
    return "gemini";
  }

  @Override
  public int confidence(byte[] head) {
    Head h = Head.of(head);
    if (!h.isArray() || !h.hasKey("header") || !h.hasKey("time")) {
      return 0;
    }
    if (h.hasKeyWithValue("header", "Gemini Apps") || h.hasKeyWithValue("products", "Gemini Apps")) {
      return h.hasKey("safeHtmlItem") || h.hasKeyWithValue("title", "Prompted ") ? 95 : 90;
    }
    // another product's activity file: perhaps Gemini's records come later, and if not, the read
    // says that the file holds no Gemini activity
    return h.hasKey("products") && h.hasKey("title") ? 10 : 0;
  }

  /** Takeout writes {@code My Activity/<product>/MyActivity.json} (folder names localized): any activity file is offered. */
  @Override
  public boolean readsEntry(String entryName) {
    String file = entryName.substring(entryName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return file.equals("myactivity.json") || file.equals("my activity.json");
  }

  @Override
  public void read(InputStream json, ChatLogSink sink, ParseLimits limits) throws ParseException, IOException {
    List<GeminiTurn> turns = new ArrayList<>();
    ExportRead read = new ExportRead(sink, limits, "Gemini activity file");
    try (JsonArrayStream doc = JsonArrayStream.open(json)) {
      if (!doc.isArray()) {
        throw notActivity("My Activity's JSON is a list of activity records");
      }
      int geminiRecords = 0;
      for (JsonNode record; (record = read.next(doc)) != null;) {
        if (!GeminiTurn.isActivityRecord(record)) {
          if (doc.elementsRead() == 1) {
            throw notActivity("its entries are not activity records (header, title, time)");
          }
          continue;
        }
        if (GeminiTurn.isGemini(record)) {
          geminiRecords++;
          GeminiTurn turn = GeminiTurn.of(record, doc.elementsRead());
          if (turn == null) {
            read.skipped("The Gemini activity of " + Nodes.text(record, "time") + " holds neither a prompt nor an answer"
                + " and was left out.");
          } else {
            turns.add(turn);
          }
        }
        read.checkClock();
      }
      if (geminiRecords == 0) {
        throw new ParseException(ParseException.EMPTY, doc.elementsRead() == 0 ? "The activity file holds no records."
            : "The activity file holds no Gemini Apps activity. In Google Takeout, choose My Activity and include"
                + " the activity type Gemini Apps.");
      }
    }
    for (List<GeminiTurn> thread : GeminiThreads.group(turns)) {
      if (!read.wantsMore()) {
        break;
      }
      read.conversation(GeminiThreads.conversation(thread));
      read.checkClock();
    }
    read.finish("The activity file holds no Gemini prompt.");
  }

  private static ParseException notActivity(String why) {
    return new ParseException(ParseException.CORRUPT, "This is not a Google Takeout activity file: " + why + ".");
  }
}
