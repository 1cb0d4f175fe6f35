package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.transcript.VideoTranscript.Segment;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Readers of YouTube's timedtext documents. The provider asks for JSON3 ({@code fmt=json3}): it is
 * what YouTube's own player asks for, so it is the format least likely to go away; its times are
 * whole milliseconds; its text is plain UTF-8 with no entity layers to undo; and it is read with
 * the JSON parser already here instead of an XML one. The classic XML reader is kept for a track
 * URL that insists on it and is tested the same way.
 *
 * <p>Both give segments in order of start, text with its whitespace collapsed, and no empty ones
 * (speech recognition tracks carry window-setup and line-break events with no words).
 */
final class TimedText {

  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);");

  private TimedText() {
  }

  /** {@code {"events":[{"tStartMs":0,"dDurationMs":4200,"segs":[{"utf8":"..."}]}, ...]}}; a word-by-word event's segs are joined. */
  static List<Segment> json3(String body) {
    JsonNode root;
    try {
      root = EmbeddedJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw Failures.invalid("the caption track is not valid JSON", e);
    }
    if (root == null || !root.path("events").isArray()) {
      throw Failures.invalid("the caption track has no events" + (body.isBlank() ? " (YouTube sent an empty answer)" : ""));
    }
    List<Segment> segments = new ArrayList<>();
    for (JsonNode event : root.path("events")) {
      if (!event.has("segs")) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      event.path("segs").forEach(seg -> text.append(seg.path("utf8").asText("")));
      String line = collapsed(text.toString());
      if (!line.isEmpty()) {
        segments.add(new Segment(Math.max(0, event.path("tStartMs").asLong(0)) / 1000.0,
            Math.max(0, event.path("dDurationMs").asLong(0)) / 1000.0, line));
      }
    }
    return ordered(segments);
  }

  /**
   * {@code <transcript><text start="0" dur="4.2">...</text>...</transcript>}. YouTube escapes the text
   * twice in this format (an apostrophe arrives as {@code &amp;#39;}), so the character references
   * left after the XML's own are decoded once more.
   */
  static List<Segment> xml(String body) {
    List<Segment> segments = new ArrayList<>();
    try {
      XMLStreamReader reader = xmlInput().createXMLStreamReader(new StringReader(body));
      try {
        while (reader.hasNext()) {
          if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("text")) {
            double start = number(reader.getAttributeValue(null, "start"), "start");
            String dur = reader.getAttributeValue(null, "dur");
            double duration = dur == null ? 0 : number(dur, "dur");
            String line = collapsed(entitiesDecoded(reader.getElementText()));
            if (!line.isEmpty()) {
              segments.add(new Segment(Math.max(0, start), Math.max(0, duration), line));
            }
          }
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      throw Failures.invalid("the caption track is not valid XML", e);
    }
    return ordered(segments);
  }

  /** An XML reader that reads no DTD and resolves no external entity: the document comes from the network. */
  private static XMLInputFactory xmlInput() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }

  private static double number(String value, String attribute) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException | NullPointerException e) {
      throw Failures.invalid("a caption line's " + attribute + " is not a number: " + value);
    }
  }

  /** HTML character references and the few named entities YouTube uses; anything else is left as written. */
  static String entitiesDecoded(String text) {
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement = switch (name) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot" -> "\"";
        case "apos" -> "'";
        case "nbsp" -> " ";
        default -> codePoint(name);
      };
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String codePoint(String reference) {
    try {
      int cp = reference.startsWith("#x") || reference.startsWith("#X") ? Integer.parseInt(reference.substring(2), 16)
          : Integer.parseInt(reference.substring(1));
      return Character.isValidCodePoint(cp) ? Character.toString(cp) : "&" + reference + ";";
    } catch (NumberFormatException e) {
      return "&" + reference + ";";
    }
  }

  static String collapsed(String text) {
    return text.replace('\u00a0', ' ').replaceAll("\\s+", " ").trim();
  }

  private static List<Segment> ordered(List<Segment> segments) {
    segments.sort(Comparator.comparingDouble(Segment::start));
    return segments;
  }
}
