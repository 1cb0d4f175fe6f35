package io.mediawhisperer.plugin.parser.pdf;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageTree;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/**
 * The document outline (bookmarks) as JSON-friendly entries: {@code {"title", "pageNumber", "level"}}
 * in document order, page numbers from 1, level 1 for the top. Entries whose destination names no
 * page of this document (a named destination that does not resolve, a link to another file, a
 * URI action) are left out, their children kept. A damaged or hostile outline (cycles, millions
 * of entries, titles of megabytes) costs at most {@link #MAX_ENTRIES} entries and a bounded walk.
 */
final class PdfOutline {

  /** Entries kept; a book's table of contents has a few hundred, a bookmark per paragraph a few thousand. */
  static final int MAX_ENTRIES = 2_000;
  static final int MAX_TITLE_CHARS = 300;
  /** Deeper nesting than this is counted as this level: readers show a few levels. */
  static final int MAX_LEVEL = 16;
  /** Items visited (kept or not), so an outline of unresolvable entries still ends quickly. */
  private static final int MAX_VISITED = 20_000;

  private final PDDocument document;
  private final Deadline deadline;
  /** By the page's dictionary: PDFBox makes a new PDPage each time it hands one out. */
  private final Map<COSDictionary, Integer> pageNumbers = new IdentityHashMap<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Map<String, Object>> entries = new ArrayList<>();
  private int visited;

  private PdfOutline(PDDocument document, Deadline deadline) {
    this.document = document;
    this.deadline = deadline;
  }

  /**
   * The outline's entries, or an empty list when the document has none (or none that names a page).
   * A damaged outline gives the entries read before the damage: bookmarks are a convenience, never
   * a reason to refuse the text.
   */
  static List<Map<String, Object>> of(PDDocument document, Deadline deadline) {
    PdfOutline reader = new PdfOutline(document, deadline);
    try {
      PDDocumentOutline outline = document.getDocumentCatalog().getDocumentOutline();
      if (outline == null) {
        return List.of();
      }
      reader.indexPages();
      reader.walk(outline);
    } catch (Deadline.Exceeded e) {
      throw e;
    } catch (RuntimeException damaged) {
      // keep what was read
    }
    return List.copyOf(reader.entries);
  }

  private void indexPages() {
    PDPageTree pages = document.getPages();
    int number = 0;
    for (PDPage page : pages) {
      pageNumbers.put(page.getCOSObject(), ++number);
    }
  }

  /** Depth first, in document order, with an explicit stack: a deep outline must not overflow the thread's stack. */
  private void walk(PDDocumentOutline outline) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(outline.getFirstChild(), 1));
    while (!stack.isEmpty() && entries.size() < MAX_ENTRIES && visited < MAX_VISITED) {
      Frame frame = stack.pop();
      PDOutlineItem item = frame.item();
      if (item == null || !seen.add(item.getCOSObject())) {
        continue;
      }
      visited++;
      deadline.check();
      // the sibling after this item's subtree, so it goes under the children on the stack
      stack.push(new Frame(item.getNextSibling(), frame.level()));
      add(item, frame.level());
      stack.push(new Frame(item.getFirstChild(), Math.min(frame.level() + 1, MAX_LEVEL)));
    }
  }

  private void add(PDOutlineItem item, int level) {
    String title = title(item.getTitle());
    Integer page = page(item);
    if (title == null || page == null) {
      return;
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("title", title);
    entry.put("pageNumber", page);
    entry.put("level", level);
    entries.add(Collections.unmodifiableMap(entry));
  }

  /** The page the item's destination or GoTo action names; null when it names none of this document's pages. */
  private Integer page(PDOutlineItem item) {
    try {
      PDPage page = item.findDestinationPage(document);
      return page == null ? null : pageNumbers.get(page.getCOSObject());
    } catch (IOException | RuntimeException unresolvable) {
      return null;
    }
  }

  /** Trimmed, controls (NUL included: PostgreSQL text refuses it) as spaces, at most {@link #MAX_TITLE_CHARS}. */
  private static String title(String raw) {
    if (raw == null) {
      return null;
    }
    String cleaned = raw.replaceAll("[\\x00-\\x1F\\x7F\\uFEFF]+", " ").replaceAll("\\s+", " ").strip();
    if (cleaned.length() > MAX_TITLE_CHARS) {
      int end = MAX_TITLE_CHARS;
      if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
        end--;
      }
      cleaned = cleaned.substring(0, end).strip();
    }
    return cleaned.isEmpty() ? null : cleaned;
  }

  private record Frame(PDOutlineItem item, int level) {
  }
}
