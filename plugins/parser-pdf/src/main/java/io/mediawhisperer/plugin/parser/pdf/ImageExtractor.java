package io.mediawhisperer.plugin.parser.pdf;

import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.color.PDColorSpace;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Saves the images a page's resources hold (and those of the forms it uses), each once per
 * document. JPEG images are kept as their own bytes; everything else is decoded and written as
 * PNG. {@code maxImages} bounds how many are kept and {@code maxImageBytes} how many bytes all of
 * them take together (the images travel in one in-memory result); past either, images are skipped
 * and counted for a warning. An image larger than {@code maxImagePixels} is skipped, with a
 * warning, by the size its dictionary declares, before anything decodes it (PDFBox decodes an
 * image's samples into memory as a whole), and so is one the {@link StreamGuard} emptied. Inline
 * images are not extracted.
 */
final class ImageExtractor {

  /**
   * Decoding a bigger image would need more than ~160 MB of raster; such images are decoded at a
   * lower resolution instead (600 dpi A4 is 35 megapixels and stays whole).
   */
  static final long MAX_DECODED_PIXELS = 40_000_000L;
  /** Forms nest; a hostile file can nest them without end. */
  private static final int MAX_FORM_DEPTH = 12;

  private final ParseLimits limits;
  private final Deadline deadline;
  private final StreamGuard guard;
  private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<Image> images = new ArrayList<>();
  private final Set<Integer> pagesWithImages = new TreeSet<>();
  private long bytesKept;
  private int overCount;
  private int overBytes;
  private int undecodable;
  private int overPixels;
  private long largestWidth;
  private long largestHeight;

  ImageExtractor(ParseLimits limits, Deadline deadline, StreamGuard guard) {
    this.limits = limits;
    this.deadline = deadline;
    this.guard = guard;
  }

  void extract(PDPage page, int pageNumber) {
    walk(page.getResources(), pageNumber, 0);
  }

  List<Image> images() {
    return images;
  }

  /** Pages that hold at least one image, extracted or not. */
  Set<Integer> pagesWithImages() {
    return pagesWithImages;
  }

  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (overCount > 0) {
      warnings.add(overCount + " image(s) were not extracted: the limit is " + limits.maxImages() + " images per document.");
    }
    if (overBytes > 0) {
      warnings.add(overBytes + " image(s) were not extracted: the images of one document may take at most "
          + limits.maxImageBytes() + " bytes.");
    }
    if (overPixels > 0) {
      warnings.add(overPixels + " image(s) were not extracted: larger than the limit of " + limits.maxImagePixels()
          + " pixels (the largest is " + largestWidth + " x " + largestHeight + ").");
    }
    if (undecodable > 0) {
      warnings.add(undecodable + " image(s) could not be decoded (an unsupported or damaged format) and were not extracted.");
    }
    return warnings;
  }

  private void walk(PDResources resources, int pageNumber, int depth) {
    if (resources == null || depth > MAX_FORM_DEPTH) {
      return;
    }
    COSDictionary xObjects = resources.getCOSObject().getCOSDictionary(COSName.XOBJECT);
    for (COSName name : resources.getXObjectNames()) {
      deadline.check();
      // the declared size decides before PDFBox makes anything of the image
      if (xObjects != null && xObjects.getDictionaryObject(name) instanceof COSStream stream
          && COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))) {
        if (guard.isLeftOut(stream) || StreamGuard.pixels(stream) > limits.maxImagePixels()) {
          pagesWithImages.add(pageNumber);
          if (seen.add(stream)) {
            skipUnread(stream);
          }
          continue;
        }
      }
      PDXObject object;
      try {
        object = resources.getXObject(name);
      } catch (IOException | RuntimeException damaged) {
        undecodable++;
        continue;
      }
      if (object instanceof PDImageXObject image) {
        pagesWithImages.add(pageNumber);
        if (seen.add(image.getCOSObject())) {
          keep(image, pageNumber);
        }
      } else if (object instanceof PDFormXObject form && seen.add(form.getCOSObject())) {
        walk(form.getResources(), pageNumber, depth + 1);
      }
    }
  }

  /** The guard counted a stream it emptied for its decompressed size; an image past the pixel limit is counted here. */
  private void skipUnread(COSStream image) {
    long pixels = StreamGuard.pixels(image);
    if (pixels <= limits.maxImagePixels()) {
      return;
    }
    overPixels++;
    if (pixels > largestWidth * largestHeight) {
      largestWidth = image.getInt(COSName.WIDTH, 0);
      largestHeight = image.getInt(COSName.HEIGHT, 0);
    }
  }

  private void keep(PDImageXObject image, int pageNumber) {
    if (images.size() >= limits.maxImages()) {
      overCount++;
      return;
    }
    long budget = limits.maxImageBytes() - bytesKept;
    try {
      Image kept = isPlainJpeg(image) ? asJpeg(image, pageNumber, budget) : asPng(image, pageNumber, budget);
      if (kept == null) {
        undecodable++;
        return;
      }
      images.add(kept);
      bytesKept += kept.data().length;
    } catch (OverBudget over) {
      overBytes++;
    } catch (IOException | RuntimeException damagedOrUnsupported) {
      undecodable++;
    }
  }

  /** A JPEG that shows the same without PDF help: gray or RGB, no mask, no decode array. */
  private static boolean isPlainJpeg(PDImageXObject image) throws IOException {
    List<COSName> filters = image.getStream().getFilters();
    if (filters.isEmpty() || !COSName.DCT_DECODE.equals(filters.get(filters.size() - 1))) {
      return false;
    }
    if (image.getCOSObject().containsKey(COSName.SMASK) || image.getCOSObject().containsKey(COSName.MASK)
        || image.getDecode() != null) {
      return false;
    }
    try {
      PDColorSpace colorSpace = image.getColorSpace();
      return colorSpace instanceof PDDeviceGray || colorSpace instanceof PDDeviceRGB;
    } catch (IOException | RuntimeException unknownColorSpace) {
      return false;
    }
  }

  private static Image asJpeg(PDImageXObject image, int pageNumber, long budget) throws IOException {
    byte[] data;
    try (InputStream in = image.getStream().createInputStream(List.of(COSName.DCT_DECODE.getName()))) {
      data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
    }
    if (data.length > budget) {
      throw new OverBudget();
    }
    if (data.length < 2 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      return null;
    }
    return new Image(pageNumber, image.getWidth(), image.getHeight(), "jpeg", data);
  }

  private static Image asPng(PDImageXObject image, int pageNumber, long budget) throws IOException {
    long pixels = (long) image.getWidth() * image.getHeight();
    if (pixels <= 0) {
      return null;
    }
    int subsampling = 1;
    while (pixels / ((long) subsampling * subsampling) > MAX_DECODED_PIXELS) {
      subsampling++;
    }
    BufferedImage decoded = subsampling == 1 ? image.getImage() : image.getImage(null, subsampling);
    if (decoded == null) {
      return null;
    }
    byte[] png = encodePng(decoded, budget);
    return new Image(pageNumber, decoded.getWidth(), decoded.getHeight(), "png", png);
  }

  /** PNG bytes, without ImageIO's file cache (a process-wide setting we leave alone). */
  private static byte[] encodePng(BufferedImage image, long budget) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("no PNG writer");
    }
    ImageWriter writer = writers.next();
    BoundedBuffer buffer = new BoundedBuffer(budget);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
      writer.setOutput(out);
      writer.write(image);
    } catch (IOException e) {
      // the writer may wrap our refusal in its own exception
      throw buffer.overflowed ? new OverBudget() : e;
    } finally {
      writer.dispose();
    }
    return buffer.toByteArray();
  }

  /** The image would take the document past its image byte budget. */
  private static final class OverBudget extends IOException {
    OverBudget() {
      super("over the image byte budget", null);
    }
  }

  /** Collects bytes, and gives up as soon as there are more than the budget allows. */
  private static final class BoundedBuffer extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long budget;
    private boolean overflowed;

    BoundedBuffer(long budget) {
      this.budget = budget;
    }

    @Override
    public void write(int b) throws IOException {
      ensureRoom(1);
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ensureRoom(len);
      bytes.write(b, off, len);
    }

    private void ensureRoom(int more) throws OverBudget {
      if (bytes.size() + (long) more > budget) {
        overflowed = true;
        throw new OverBudget();
      }
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }
}
