package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.plugin.parser.pdf.PdfParser;
import io.mediawhisperer.plugin.parser.transcript.SrtParser;
import io.mediawhisperer.plugin.parser.transcript.WebVttParser;
import io.mediawhisperer.spi.parser.ParseLimits;
import io.mediawhisperer.spi.parser.ParsedSource;
import io.mediawhisperer.spi.parser.SourceParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Corpus files read by the real parsers and handed over as ingestion would: pages, outline, segments. */
final class Sources {

  private Sources() {
  }

  static SourceText pdf(Path file) throws Exception {
    return of(new PdfParser(), file);
  }

  static SourceText vtt(Path file) throws Exception {
    return of(new WebVttParser(), file);
  }

  static SourceText srt(Path file) throws Exception {
    return of(new SrtParser(), file);
  }

  /** The same document without its bookmarks. */
  static SourceText withoutOutline(SourceText source) {
    return SourceText.ofPages(source.kind(), source.title(), source.language(), source.pages(), List.of());
  }

  private static SourceText of(SourceParser parser, Path file) throws Exception {
    ParsedSource parsed = parser.parse(file, ParseLimits.defaults());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> outline = (List<Map<String, Object>>) parsed.metadata().getOrDefault("outline", List.of());
    return new SourceText(parsed.kind(), parsed.title(), (String) parsed.metadata().get("language"),
        parsed.pages().stream().map(page -> new PageIn(page.number(), page.text())).toList(),
        outline.stream().map(entry -> new OutlineEntry((String) entry.get("title"), (Integer) entry.get("pageNumber"),
            (Integer) entry.get("level"))).toList(),
        parsed.segments().stream().map(segment -> new SegmentIn(segment.start(), segment.end(), segment.text())).toList(),
        List.of());
  }
}
