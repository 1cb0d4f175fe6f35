import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Makes the evaluation transcript "a reading of one book of the King James Bible" from the OSIS
 * XML that Debian's bibledit-data ships (usr/share/bibledit/sources/kjv.xml): one WebVTT cue per
 * verse (one or two sentences), timed as if read aloud at a steady 150 words a minute, with the
 * book's title and each chapter's number read out as cues of their own and a short pause after
 * them, the way audio Bibles are read. Each cue's identifier is its verse (e.g. Mark.6.35), so the
 * answer windows of the questions can be checked against the file. No real recording: the times
 * are computed, and the same input always gives the same bytes.
 *
 * <pre>java scripts/eval/ReadingTranscript.java kjv.xml Mark out.vtt</pre>
 */
public final class ReadingTranscript {

  static final double WORDS_PER_MINUTE = 150;
  /** Silence after the title and each chapter heading, seconds. */
  static final double HEADING_PAUSE = 1.5;

  record Cue(String id, String text) {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java ReadingTranscript.java kjv.xml BOOK out.vtt");
      System.exit(2);
    }
    List<Cue> cues = read(Path.of(args[0]), args[1]);
    if (cues.isEmpty()) {
      throw new IllegalArgumentException("no book " + args[1] + " in " + args[0]);
    }
    write(cues, Path.of(args[2]));
  }

  /** The book's title, chapter headings and verses, in reading order, notes left out. */
  static List<Cue> read(Path osis, String book) throws IOException, XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    List<Cue> cues = new ArrayList<>();
    try (InputStream in = Files.newInputStream(osis)) {
      XMLStreamReader xml = factory.createXMLStreamReader(in, "UTF-8");
      boolean inBook = false;
      int skipped = 0; // depth inside <note> or a chapter title, whose text is not read out
      int inTitle = 0; // depth inside the book's main title
      String verse = null;
      StringBuilder text = new StringBuilder();
      while (xml.hasNext()) {
        int event = xml.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = xml.getLocalName();
          if (name.equals("div") && "book".equals(xml.getAttributeValue(null, "type"))) {
            inBook = book.equals(xml.getAttributeValue(null, "osisID"));
          } else if (!inBook) {
            continue;
          } else if (skipped > 0 || name.equals("note")) {
            skipped++;
          } else if (inTitle > 0 || name.equals("title") && "main".equals(xml.getAttributeValue(null, "type"))) {
            if (inTitle++ == 0) {
              text.setLength(0);
            }
          } else if (name.equals("title")) {
            skipped++;
          } else if (name.equals("chapter")) {
            String id = xml.getAttributeValue(null, "osisID");
            cues.add(new Cue(id, "Chapter " + id.substring(id.lastIndexOf('.') + 1) + "."));
          } else if (name.equals("verse") && xml.getAttributeValue(null, "sID") != null) {
            verse = xml.getAttributeValue(null, "sID");
            text.setLength(0);
          } else if (name.equals("verse") && xml.getAttributeValue(null, "eID") != null && verse != null) {
            cues.add(new Cue(verse, text.toString().replaceAll("\\s+", " ").strip()));
            verse = null;
          }
        } else if (event == XMLStreamConstants.END_ELEMENT && inBook && skipped > 0) {
          skipped--;
        } else if (event == XMLStreamConstants.END_ELEMENT && inBook && inTitle > 0 && --inTitle == 0) {
          cues.add(new Cue(book + ".title", bookTitle(text.toString())));
        } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) && inBook && skipped == 0
            && (verse != null || inTitle > 0)) {
          text.append(xml.getText());
        }
      }
    }
    return cues;
  }

  /** "THE GOSPEL ACCORDING TO ST. MARK" read out as "The Gospel According To St. Mark." */
  private static String bookTitle(String title) {
    StringBuilder out = new StringBuilder();
    for (String word : title.strip().toLowerCase(Locale.ROOT).split("\\s+")) {
      out.append(out.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return out.append('.').toString();
  }

  static void write(List<Cue> cues, Path out) throws IOException {
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write("WEBVTT\n");
      long millis = 0;
      for (Cue cue : cues) {
        long words = cue.text().split(" ").length;
        long length = Math.round(words * 60_000 / WORDS_PER_MINUTE);
        w.write("\n" + cue.id() + "\n" + time(millis) + " --> " + time(millis + length) + "\n" + cue.text() + "\n");
        millis += length;
        if (!cue.id().matches(".*\\.\\d+\\.\\d+")) {
          millis += Math.round(HEADING_PAUSE * 1000);
        }
      }
    }
  }

  private static String time(long millis) {
    return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60,
        millis % 1000);
  }
}
