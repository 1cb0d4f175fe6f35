package io.mediawhisperer.plugin.parser.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionGoTo;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.destination.PDPageFitWidthDestination;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;

/** PDFs made with PDFBox for the cases the corpus has no file for. */
final class TestPdfs {

  private TestPdfs() {
  }

  /** One page per entry; a null entry is a page with no content stream at all. */
  static Path withPages(Path file, List<String> pageTexts) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (String text : pageTexts) {
        PDPage page = new PDPage();
        document.addPage(page);
        if (text != null) {
          writeLine(document, page, text);
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  static Path blankPages(Path file, int count) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (int i = 0; i < count; i++) {
        document.addPage(new PDPage());
      }
      document.save(file.toFile());
    }
    return file;
  }

  /** A page of text, protected with an owner password (and a user password when not empty). */
  static Path protectedPdf(Path file, String text, String userPassword) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      writeLine(document, page, text);
      AccessPermission permissions = new AccessPermission();
      permissions.setCanExtractContent(false);
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword, permissions);
      policy.setEncryptionKeyLength(128);
      document.protect(policy);
      document.save(file.toFile());
    }
    return file;
  }

  /**
   * Page 1 draws a JPEG image under a caption, page 2 a lossless (PNG-like) image and no text,
   * page 3 the same JPEG again under a caption.
   */
  static Path withImages(Path file) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDImageXObject jpeg = JPEGFactory.createFromImage(document, picture(64, 48, Color.ORANGE));
      PDImageXObject lossless = LosslessFactory.createFromImage(document, picture(30, 20, Color.BLUE));
      List<PDImageXObject> images = List.of(jpeg, lossless, jpeg);
      for (int i = 0; i < images.size(); i++) {
        PDPage page = new PDPage();
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.drawImage(images.get(i), 50, 500);
          if (images.get(i) == jpeg) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
            content.newLineAtOffset(72, 700);
            content.showText("Figure on page " + (i + 1));
            content.endText();
          }
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  /**
   * A page of text that draws a gray image declaring {@code width} x {@code height} pixels, whose
   * Flate data inflates to {@code decodedBytes} zero bytes: a few MB on disk, gigabytes once decoded.
   */
  static Path withFlateImage(Path file, int width, int height, long decodedBytes) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      COSStream stream = document.getDocument().createCOSStream();
      try (OutputStream out = stream.createRawOutputStream()) {
        out.write(zlibZeros(decodedBytes));
      }
      stream.setItem(COSName.TYPE, COSName.XOBJECT);
      stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
      stream.setInt(COSName.WIDTH, width);
      stream.setInt(COSName.HEIGHT, height);
      stream.setInt(COSName.BITS_PER_COMPONENT, 8);
      stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
      stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
      PDImageXObject image = new PDImageXObject(new PDStream(stream), null);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.drawImage(image, 50, 400, 100, 100);
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        content.newLineAtOffset(72, 700);
        content.showText("A page with a very large picture");
        content.endText();
      }
      document.save(file.toFile());
    }
    return file;
  }

  /** Page 1 has text; page 2's only content stream is Flate data that inflates to {@code decodedBytes} zero bytes. */
  static Path withFlateContent(Path file, long decodedBytes) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage first = new PDPage();
      document.addPage(first);
      writeLine(document, first, "Readable first page");
      PDPage second = new PDPage();
      document.addPage(second);
      COSStream stream = document.getDocument().createCOSStream();
      try (OutputStream out = stream.createRawOutputStream()) {
        out.write(zlibZeros(decodedBytes));
      }
      stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
      second.getCOSObject().setItem(COSName.CONTENTS, stream);
      document.save(file.toFile());
    }
    return file;
  }

  /**
   * A zlib stream of {@code total} zero bytes (rounded down to whole MiB), made in milliseconds:
   * one MiB of zeros deflated with a full flush is a self-contained block, repeated; then an empty
   * final block and the Adler-32 of the zeros (1 + 65536 * (total mod 65521)).
   */
  static byte[] zlibZeros(long total) {
    int chunk = 1 << 20;
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[chunk]);
    byte[] buffer = new byte[1 << 16];
    int length = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
    deflater.end();
    long chunks = total / chunk;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x78);
    out.write(0xDA);
    for (long i = 0; i < chunks; i++) {
      out.write(buffer, 0, length);
    }
    out.write(3);
    out.write(0);
    long adler = (((chunks * chunk) % 65521) << 16) | 1;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (adler >>> shift));
    }
    return out.toByteArray();
  }

  /**
   * Five pages of text and an outline: "Part One" (page 1) holding "Chapter 1" (page 2, a GoTo
   * action rather than a destination) and "Chapter 2" (page 4); a web link (no page, left out)
   * holding "Notes" (page 5); then "Appendix" (page 5) whose title has a NUL and 400 more
   * characters, and whose next sibling points back at "Part One" (a cycle).
   */
  static Path withOutline(Path file) throws IOException {
    try (PDDocument document = new PDDocument()) {
      for (int i = 1; i <= 5; i++) {
        PDPage page = new PDPage();
        document.addPage(page);
        writeLine(document, page, "Text of page " + i);
      }
      PDDocumentOutline outline = new PDDocumentOutline();
      document.getDocumentCatalog().setDocumentOutline(outline);
      PDOutlineItem partOne = item("Part One", document.getPage(0));
      outline.addLast(partOne);
      PDOutlineItem chapterOne = new PDOutlineItem();
      chapterOne.setTitle("Chapter 1");
      PDActionGoTo goTo = new PDActionGoTo();
      PDPageFitDestination toPageTwo = new PDPageFitDestination();
      toPageTwo.setPage(document.getPage(1));
      goTo.setDestination(toPageTwo);
      chapterOne.setAction(goTo);
      partOne.addLast(chapterOne);
      partOne.addLast(item("Chapter 2", document.getPage(3)));
      PDOutlineItem link = new PDOutlineItem();
      link.setTitle("Website");
      PDActionURI uri = new PDActionURI();
      uri.setURI("https://example.org/");
      link.setAction(uri);
      outline.addLast(link);
      link.addLast(item("Notes", document.getPage(4)));
      PDOutlineItem appendix = item("Appendix\u0000 " + "x".repeat(400), document.getPage(4));
      outline.addLast(appendix);
      appendix.getCOSObject().setItem(COSName.NEXT, partOne.getCOSObject());
      document.save(file.toFile());
    }
    return file;
  }

  private static PDOutlineItem item(String title, PDPage page) {
    PDOutlineItem item = new PDOutlineItem();
    item.setTitle(title);
    PDPageFitWidthDestination destination = new PDPageFitWidthDestination();
    destination.setPage(page);
    item.setDestination(destination);
    return item;
  }

  private static void writeLine(PDDocument document, PDPage page, String text) throws IOException {
    try (PDPageContentStream content = new PDPageContentStream(document, page)) {
      content.beginText();
      content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
      content.newLineAtOffset(72, 700);
      content.showText(text);
      content.endText();
    }
  }

  /**
   * One page with {@code bold} drawn twice, the second time 0.3 points to the right (how "fake bold"
   * is made), then {@code plain} once on the next line, twice over at 100 points apart.
   */
  static Path withFakeBold(Path file, String bold, String plain) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        for (float dx : new float[] {0f, 0.3f}) {
          content.beginText();
          content.setFont(font, 12);
          content.newLineAtOffset(72 + dx, 700);
          content.showText(bold);
          content.endText();
        }
        for (float x : new float[] {72f, 300f}) {
          content.beginText();
          content.setFont(font, 12);
          content.newLineAtOffset(x, 680);
          content.showText(plain);
          content.endText();
        }
      }
      document.save(file.toFile());
    }
    return file;
  }

  private static BufferedImage picture(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }
}
