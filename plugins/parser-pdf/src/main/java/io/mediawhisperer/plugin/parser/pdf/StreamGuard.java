package io.mediawhisperer.plugin.parser.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Defuses decompression bombs before anything reads the document. PDFBox decodes a stream (an
 * image's samples, a font) into memory as a whole, whatever its size: a 3.5 MB file whose image
 * inflates to 3.6 GB ran the heap out. So every compressed stream is first inflated here into a
 * counter that gives up past a bound, and one that goes past it is emptied (the document is only
 * read, never saved), so PDFBox then sees an empty stream. Images larger than the pixel limit are
 * emptied unread: they are skipped anyway (ImageExtractor says so), and emptying them also
 * defuses them as another image's mask.
 */
final class StreamGuard {

  /** Filters whose output can be far larger than their input. */
  private static final Set<String> EXPANDING = Set.of("FlateDecode", "Fl", "LZWDecode", "LZW", "RunLengthDecode", "RL");
  /** Checking the deadline this often while inflating keeps a long inflation within the parse's time. */
  private static final long DEADLINE_EVERY_BYTES = 1L << 20;
  /** Room for the predictor byte of each row and for encoders' padding in an image's samples. */
  private static final long IMAGE_SLACK_BYTES = 64 * 1024;
  /** Components of the richest common color space (CMYK); an image's samples need at most this many per pixel. */
  private static final int MAX_COMPONENTS = 4;

  private final long maxStreamBytes;
  private final long maxImagePixels;
  private final Deadline deadline;
  private final Set<COSStream> leftOut = Collections.newSetFromMap(new IdentityHashMap<>());
  private int oversized;

  private StreamGuard(long maxStreamBytes, long maxImagePixels, Deadline deadline) {
    this.maxStreamBytes = maxStreamBytes;
    this.maxImagePixels = maxImagePixels;
    this.deadline = deadline;
  }

  /** Checks every stream of the document and empties those past their bound. */
  static StreamGuard check(PDDocument document, long maxStreamBytes, long maxImagePixels, Deadline deadline) {
    StreamGuard guard = new StreamGuard(maxStreamBytes, maxImagePixels, deadline);
    guard.checkAll(document.getDocument());
    return guard;
  }

  /** Streams emptied because they decompress past their bound; nothing should be made of them. */
  boolean isLeftOut(COSStream stream) {
    return leftOut.contains(stream);
  }

  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (oversized > 0) {
      warnings.add(oversized + " compressed stream(s) were left out: they decompress to more than " + maxStreamBytes
          + " bytes (page text or images may be missing).");
    }
    return warnings;
  }

  private void checkAll(COSDocument document) {
    // a stream is always an indirect object outside object streams, so the top-level objects hold them all
    // (and reading those never decompresses an object stream)
    for (Map.Entry<COSObjectKey, Long> entry : List.copyOf(document.getXrefTable().entrySet())) {
      if (entry.getValue() == null || entry.getValue() <= 0) {
        continue;
      }
      deadline.check();
      COSBase object;
      try {
        COSObject reference = document.getObjectFromPool(entry.getKey());
        object = reference == null ? null : reference.getObject();
      } catch (RuntimeException damaged) {
        continue; // PDFBox reports it, or copes, when the object is used
      }
      if (object instanceof COSStream stream) {
        checkStream(stream);
      }
    }
  }

  private void checkStream(COSStream stream) {
    boolean image = COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE));
    if (image && pixels(stream) > maxImagePixels) {
      empty(stream);
      return;
    }
    List<COSName> filters = filters(stream);
    int last = -1;
    for (int i = 0; i < filters.size(); i++) {
      if (EXPANDING.contains(filters.get(i).getName())) {
        last = i;
      }
    }
    if (last < 0) {
      return; // stored as is, or only formats whose decoders bound themselves by the image's size
    }
    long bound = image ? Math.max(maxStreamBytes, imageBytes(stream)) : maxStreamBytes;
    try {
      if (decodesPast(stream, filters, last, bound)) {
        oversized++;
        empty(stream);
      }
    } catch (IOException | RuntimeException damaged) {
      // whatever is wrong with it, PDFBox meets it too and reports it where the stream is used
      if (damaged instanceof Deadline.Exceeded exceeded) {
        throw exceeded;
      }
    }
  }

  /**
   * Runs the filters up to the last expanding one; filters before it write into a buffer capped
   * at the bound, the last into a counter, so memory stays within the bound whatever the data.
   */
  private boolean decodesPast(COSStream stream, List<COSName> filters, int last, long bound) throws IOException {
    InputStream input = stream.createRawInputStream();
    try {
      for (int i = 0; i <= last; i++) {
        Filter filter = FilterFactory.INSTANCE.getFilter(filters.get(i));
        Counter counter = new Counter(bound, i < last);
        try {
          filter.decode(input, counter, stream, i);
        } catch (IOException e) {
          // filters wrap, or log and swallow, what their output throws: the counter knows whether it was full
          if (!counter.overflowed) {
            throw e;
          }
        }
        if (counter.overflowed) {
          return true;
        }
        input.close();
        input = i < last ? new ByteArrayInputStream(counter.bytes()) : InputStream.nullInputStream();
      }
      return false;
    } finally {
      input.close();
    }
  }

  private static List<COSName> filters(COSStream stream) {
    COSBase filters = stream.getFilters();
    if (filters instanceof COSName name) {
      return List.of(name);
    }
    List<COSName> names = new ArrayList<>();
    if (filters instanceof COSArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.getObject(i) instanceof COSName name) {
          names.add(name);
        }
      }
    }
    return names;
  }

  static long pixels(COSStream image) {
    return (long) Math.max(0, image.getInt(COSName.WIDTH, 0)) * Math.max(0, image.getInt(COSName.HEIGHT, 0));
  }

  /** The most an image's samples can take: every pixel with the richest color space, a predictor byte per row. */
  private static long imageBytes(COSStream image) {
    long width = Math.max(0, image.getInt(COSName.WIDTH, 0));
    long height = Math.max(0, image.getInt(COSName.HEIGHT, 0));
    long bitsPerComponent = Math.min(16, Math.max(1, image.getInt(COSName.BITS_PER_COMPONENT, 8)));
    long rowBytes = (width * bitsPerComponent * MAX_COMPONENTS + 7) / 8 + 1;
    return rowBytes * height + IMAGE_SLACK_BYTES;
  }

  private void empty(COSStream stream) {
    try (OutputStream out = stream.createRawOutputStream()) {
      // nothing: the stream keeps its dictionary and loses its data
    } catch (IOException | RuntimeException e) {
      // an in-memory document does not fail here; if it did, the stream is merely left as it was
    }
    stream.removeItem(COSName.FILTER);
    stream.removeItem(COSName.DECODE_PARMS);
    leftOut.add(stream);
  }

  /** Signals that the output went past the bound; filters may wrap it, so {@link Counter#overflowed} tells too. */
  private static final class Overflow extends IOException {
    Overflow() {
      super("decompressed data past the bound", null);
    }
  }

  /** Counts (and, when asked, keeps) what a filter writes, refusing more than the bound. */
  private final class Counter extends OutputStream {
    private final long bound;
    private final ByteArrayOutputStream kept;
    private long count;
    private long nextDeadlineCheck = DEADLINE_EVERY_BYTES;
    private boolean overflowed;

    Counter(long bound, boolean keep) {
      this.bound = bound;
      this.kept = keep ? new ByteArrayOutputStream() : null;
    }

    @Override
    public void write(int b) throws IOException {
      add(1);
      if (kept != null) {
        kept.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      add(len);
      if (kept != null) {
        kept.write(b, off, len);
      }
    }

    private void add(int more) throws Overflow {
      count += more;
      if (count > bound) {
        overflowed = true;
        throw new Overflow();
      }
      if (count >= nextDeadlineCheck) {
        nextDeadlineCheck += DEADLINE_EVERY_BYTES;
        deadline.check();
      }
    }

    byte[] bytes() {
      return kept.toByteArray();
    }
  }
}
