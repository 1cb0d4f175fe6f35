package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.spi.chatlog.ChatConversation;
import io.mediawhisperer.spi.chatlog.ChatLogSink;
import io.mediawhisperer.spi.parser.ParseException;
import io.mediawhisperer.spi.parser.ParseLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an export that is a JSON array of conversations (or one conversation object) as a stream:
 * each array element is read into a tree, handed to the sink and dropped before the next is read,
 * so the heap holds one conversation whatever the file's size. One instance per read.
 */
final class ExportStream {

  /** What one service's conversations look like. Implementations are stateless. */
  interface Format {

    /** The service's name for sentences: "ChatGPT". */
    String service();

    /** Whether {@code entry} is meant as one of this service's conversations (if perhaps a damaged one). */
    boolean looksLikeAConversation(JsonNode entry);

    /** The conversation's title or id for a warning, or null when it has neither. */
    String label(JsonNode entry);

    ChatConversation read(JsonNode entry) throws UnreadableConversation;
  }

  // thread-safe once configured; the caller owns the stream and closes it
  private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private final Format format;
  private final ChatLogSink sink;
  private final ParseLimits limits;
  private final long start = System.nanoTime();
  private int entries;
  private int conversations;

  ExportStream(Format format, ChatLogSink sink, ParseLimits limits) {
    this.format = format;
    this.sink = sink;
    this.limits = limits;
  }

  void read(InputStream json) throws ParseException, IOException {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ParseException(ParseException.EMPTY, "The file is empty.");
      }
      if (first == JsonToken.START_ARRAY) {
        readArray(parser);
      } else if (first == JsonToken.START_OBJECT) {
        readOne(parser);
      } else {
        throw notAnExport("it is neither a list of conversations nor one conversation");
      }
    } catch (StreamConstraintsException tooBig) {
      throw new ParseException(ParseException.TOO_LARGE, "The export holds a value larger than this reader accepts"
          + where(tooBig.getLocation()) + "; " + readSoFar(), tooBig);
    } catch (JsonProcessingException damaged) {
      if (entries == 0 && conversations == 0) {
        throw new ParseException(ParseException.CORRUPT, "The file is not a " + format.service()
            + " export: it is not valid JSON" + where(damaged.getLocation()) + ".", damaged);
      }
      throw new ParseException(ParseException.CORRUPT, "The export is cut off or damaged" + where(damaged.getLocation())
          + "; " + readSoFar(), damaged);
    }
  }

  private void readArray(JsonParser parser) throws IOException, ParseException {
    int skipped = 0;
    while (sink.wantsMore()) {
      checkTime();
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        break;
      }
      if (token == null) {
        throw new ParseException(ParseException.CORRUPT, "The export is cut off: its list of conversations never ends; "
            + readSoFar());
      }
      entries++;
      if (token != JsonToken.START_OBJECT) {
        if (entries == 1) {
          throw notAnExport("its entries are not conversations");
        }
        parser.skipChildren();
        sink.skipped("Entry " + entries + " of the export is not a conversation and was skipped.");
        skipped++;
        continue;
      }
      JsonNode entry = parser.readValueAsTree();
      if (entries == 1 && !format.looksLikeAConversation(entry)) {
        throw notAnExport("its first entry is not a conversation");
      }
      if (!deliver(entry)) {
        skipped++;
      }
    }
    if (conversations == 0 && sink.wantsMore()) {
      throw new ParseException(ParseException.EMPTY, skipped == 0 ? "The export holds no conversations."
          : "None of the export's " + skipped + " conversations could be read (see the warnings).");
    }
  }

  private void readOne(JsonParser parser) throws IOException, ParseException {
    checkTime();
    JsonNode entry = parser.readValueAsTree();
    entries = 1;
    if (!format.looksLikeAConversation(entry)) {
      throw notAnExport("it holds no conversations");
    }
    if (!deliver(entry)) {
      throw new ParseException(ParseException.EMPTY, "The export's only conversation could not be read (see the warnings).");
    }
  }

  /** Hands the entry's conversation to the sink, or its warning when it cannot be read. */
  private boolean deliver(JsonNode entry) {
    ChatConversation conversation;
    try {
      conversation = format.read(entry);
    } catch (UnreadableConversation unreadable) {
      sink.skipped("Conversation " + label(entry) + " was skipped: " + unreadable.reason() + ".");
      return false;
    } catch (RuntimeException unexpected) {
      // one conversation shaped in a way nobody foresaw must not cost the whole import
      sink.skipped("Conversation " + label(entry) + " was skipped: its structure could not be read.");
      return false;
    }
    sink.conversation(conversation);
    conversations++;
    return true;
  }

  private String label(JsonNode entry) {
    String label = format.label(entry);
    return label == null || label.isBlank() ? "number " + entries : "'" + label.strip() + "'";
  }

  private void checkTime() throws ParseException {
    long elapsedNanos = System.nanoTime() - start;
    if (elapsedNanos >= limits.maxTime().toNanos()) {
      throw new ParseException(ParseException.TOO_LARGE, "Reading the export took longer than the limit of "
          + limits.maxTime().toSeconds() + " seconds; " + readSoFar());
    }
  }

  private ParseException notAnExport(String why) {
    return new ParseException(ParseException.CORRUPT, "The file is not a " + format.service() + " export: " + why + ".");
  }

  private String readSoFar() {
    return conversations + (conversations == 1 ? " conversation was" : " conversations were") + " read before that point.";
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
