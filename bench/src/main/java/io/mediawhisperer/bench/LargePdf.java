package io.mediawhisperer.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Writes a long text-layer PDF: Helvetica 10 pt on A4, 12 pt leading, 2 cm margins, the text's
 * own line breaks kept and long lines wrapped at spaces. The text is repeated from its start
 * until the wanted number of pages is full. Only characters WinAnsiEncoding can encode are
 * written (others become '?').
 */
final class LargePdf {

  private static final float FONT_SIZE = 10;
  private static final float LEADING = 12;
  private static final float MARGIN = 56.7f; // 2 cm

  private final PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final Map<Integer, Boolean> encodable = new HashMap<>();
  private final float maxWidth = PDRectangle.A4.getWidth() - 2 * MARGIN;

  /** Returns how many times the text was used (whole or in part). */
  static int write(String text, int pages, Path file) throws IOException {
    return new LargePdf().render(text, pages, file);
  }

  private int render(String text, int pages, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String raw : text.split("\\r?\\n", -1)) {
      lines.addAll(wrap(clean(raw)));
    }
    int linesPerPage = (int) ((PDRectangle.A4.getHeight() - 2 * MARGIN) / LEADING);
    int passes = 1;
    int next = 0;
    try (PDDocument document = new PDDocument()) {
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, FONT_SIZE);
          content.setLeading(LEADING);
          content.newLineAtOffset(MARGIN, PDRectangle.A4.getHeight() - MARGIN - FONT_SIZE);
          for (int l = 0; l < linesPerPage; l++) {
            if (next == lines.size()) {
              next = 0;
              passes++;
            }
            String line = lines.get(next++);
            if (!line.isEmpty()) {
              content.showText(line);
            }
            content.newLine();
          }
          content.endText();
        }
      }
      document.getDocumentInformation().setTitle("Python FAQ, repeated (MediaWhisperer benchmark)");
      document.save(file.toFile());
    }
    return passes;
  }

  private String clean(String line) {
    StringBuilder out = new StringBuilder(line.length());
    line.replace("\t", "    ").codePoints().forEach(cp -> out.append(canEncode(cp) ? Character.toString(cp) : "?"));
    return out.toString().stripTrailing();
  }

  private boolean canEncode(int codePoint) {
    return encodable.computeIfAbsent(codePoint, cp -> {
      if (Character.isISOControl(cp)) {
        return false;
      }
      try {
        font.encode(Character.toString(cp));
        return true;
      } catch (IOException | IllegalArgumentException e) {
        return false;
      }
    });
  }

  private float width(String s) throws IOException {
    return font.getStringWidth(s) / 1000 * FONT_SIZE;
  }

  private List<String> wrap(String line) throws IOException {
    List<String> out = new ArrayList<>();
    String rest = line;
    while (width(rest) > maxWidth) {
      int cut = rest.length();
      while (cut > 0 && width(rest.substring(0, cut)) > maxWidth) {
        int space = rest.lastIndexOf(' ', cut - 1);
        cut = space > 0 ? space : cut - 1; // no space left: break inside the word
      }
      cut = Math.max(cut, 1);
      out.add(rest.substring(0, cut).stripTrailing());
      rest = rest.substring(cut).stripLeading();
    }
    out.add(rest);
    return out;
  }
}
