package io.mediawhisperer.ingestion;

import io.mediawhisperer.spi.embedding.TokenCounter;
import io.mediawhisperer.spi.parser.ParsedSource;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Cuts a parsed source into chunks the embedding model sees whole: at most {@code size} of the
 * model's own tokens (never more than its window), ending on sentence boundaries, each next chunk
 * repeating about {@code overlapPercent} of the previous one's tail. PDF chunks never span pages,
 * so a hit cites exactly one page; transcript chunks keep the start and end seconds of their cues.
 */
public final class Chunker {

  /** A sentence (or transcript cue) with where it came from. */
  record Piece(String text, int tokens, Integer page, Double start, Double end) {
  }

  public record Chunk(int seq, String text, int tokenCount, Integer pageStart, Integer pageEnd, Double start, Double end,
      Integer messageIndex) {
  }

  private static final Pattern HYPHEN_BREAK = Pattern.compile("(\\p{L})-\\s*\\n\\s*(\\p{Ll})");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern LOOSE_SENTENCE_END = Pattern.compile("(?<=[.!?…。؟])\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile(".*[.!?…。؟]['\"”’)\\]]*$");

  private final TokenCounter tokenizer;
  private final int size;
  private final int overlap;

  public Chunker(TokenCounter tokenizer, int chunkSize, int overlapPercent) {
    if (chunkSize < 8) {
      throw new IllegalArgumentException("chunk_size must be at least 8 tokens");
    }
    if (overlapPercent < 0 || overlapPercent > 50) {
      throw new IllegalArgumentException("chunk_overlap_percent must be between 0 and 50");
    }
    this.tokenizer = tokenizer;
    this.size = Math.min(chunkSize, tokenizer.maxTokens());
    this.overlap = size * overlapPercent / 100;
  }

  public int size() {
    return size;
  }

  public List<Chunk> chunk(ParsedSource parsed) {
    List<Chunk> chunks = new ArrayList<>(segments(parsed.segments(), 0));
    for (ParsedSource.Page page : parsed.pages()) {
      chunks.addAll(page(page, chunks.size()));
    }
    return chunks;
  }

  /**
   * One page's chunks, numbered from {@code firstSeq}: PDF chunks never span pages, so a page is
   * chunked as soon as it is read, without waiting for the rest of the document.
   */
  public List<Chunk> page(ParsedSource.Page page, int firstSeq) {
    List<Chunk> chunks = new ArrayList<>();
    pack(sentences(page.number(), page.text()), false, firstSeq, chunks);
    return chunks;
  }

  /** A transcript's chunks, numbered from {@code firstSeq}; a chunk may span cues, so all of them at once. */
  public List<Chunk> segments(List<ParsedSource.Segment> segments, int firstSeq) {
    List<Chunk> chunks = new ArrayList<>();
    if (segments.isEmpty()) {
      return chunks;
    }
    List<Piece> cues = new ArrayList<>();
    for (ParsedSource.Segment s : segments) {
      String text = normalize(s.text());
      if (!text.isEmpty()) {
        cues.addAll(fit(new Piece(text, tokenizer.count(text), null, s.start(), s.end())));
      }
    }
    pack(cues, true, firstSeq, chunks);
    return chunks;
  }

  private List<Piece> sentences(int page, String raw) {
    String text = normalize(HYPHEN_BREAK.matcher(raw).replaceAll("$1$2"));
    List<Piece> pieces = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    it.setText(text);
    for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String sentence = text.substring(start, end).trim();
      if (!sentence.isEmpty()) {
        pieces.addAll(fit(new Piece(sentence, tokenizer.count(sentence), page, null, null)));
      }
    }
    return pieces;
  }

  /**
   * A piece longer than a chunk is cut where a sentence ends (the sentence iterator keeps
   * "end. next" together when the next word is lower-case, common in PDF text), and what is still
   * too long at word boundaries.
   */
  private List<Piece> fit(Piece piece) {
    if (piece.tokens() <= size) {
      return List.of(piece);
    }
    String[] sentences = LOOSE_SENTENCE_END.split(piece.text());
    if (sentences.length > 1) {
      List<Piece> parts = new ArrayList<>();
      for (String sentence : sentences) {
        parts.addAll(fit(new Piece(sentence, tokenizer.count(sentence), piece.page(), piece.start(), piece.end())));
      }
      return parts;
    }
    return splitAtWords(piece);
  }

  private List<Piece> splitAtWords(Piece piece) {
    List<Piece> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    int partTokens = 0;
    for (String word : piece.text().split(" ")) {
      int wordTokens = Math.max(1, tokenizer.count(word));
      if (partTokens + wordTokens > size && part.length() > 0) {
        parts.add(new Piece(part.toString(), partTokens, piece.page(), piece.start(), piece.end()));
        part.setLength(0);
        partTokens = 0;
      }
      if (part.length() > 0) {
        part.append(' ');
      }
      // a single word longer than a chunk (a URL, a hash) is kept whole: the model truncates it
      part.append(word);
      partTokens += wordTokens;
    }
    if (part.length() > 0) {
      parts.add(new Piece(part.toString(), partTokens, piece.page(), piece.start(), piece.end()));
    }
    return parts;
  }

  // Plain loops rather than streams in pack, tail and toChunk: they run once per sentence of every
  // page, and C2 compiled the stream version of pack into 55 KB of code, more than a second of a
  // compiler thread each time, again after each class load that invalidated its inlining.
  private void pack(List<Piece> pieces, boolean preferSentenceEnds, int firstSeq, List<Chunk> out) {
    List<Piece> current = new ArrayList<>();
    int tokens = 0;
    int fresh = 0;
    for (Piece piece : pieces) {
      boolean full = tokens + piece.tokens() > size;
      // transcript cues are fragments: once a chunk is mostly full, end it where a sentence ends
      boolean goodBreak = preferSentenceEnds && tokens >= size * 7 / 10
          && SENTENCE_END.matcher(current.get(current.size() - 1).text()).matches();
      if ((full || goodBreak) && fresh > 0) {
        out.add(toChunk(firstSeq + out.size(), current));
        current = tail(current);
        tokens = tokensOf(current);
        fresh = 0;
      }
      current.add(piece);
      tokens += piece.tokens();
      fresh++;
    }
    if (fresh > 0) {
      out.add(toChunk(firstSeq + out.size(), current));
    }
  }

  /** The trailing pieces of a chunk that fit in the overlap budget (never the whole chunk), in a new list. */
  private List<Piece> tail(List<Piece> chunk) {
    int from = chunk.size();
    int tokens = 0;
    while (from > 1 && tokens + chunk.get(from - 1).tokens() <= overlap) {
      from--;
      tokens += chunk.get(from).tokens();
    }
    return new ArrayList<>(chunk.subList(from, chunk.size()));
  }

  private static int tokensOf(List<Piece> pieces) {
    int tokens = 0;
    for (Piece p : pieces) {
      tokens += p.tokens();
    }
    return tokens;
  }

  private Chunk toChunk(int seq, List<Piece> pieces) {
    StringBuilder text = new StringBuilder();
    Double start = null;
    Double end = null;
    for (Piece p : pieces) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(p.text());
      if (p.start() != null && (start == null || p.start() < start)) {
        start = p.start();
      }
      if (p.end() != null && (end == null || p.end() > end)) {
        end = p.end();
      }
    }
    // wordpieces never cross the spaces that join the pieces, so their counts add up: no second tokenization
    return new Chunk(seq, text.toString(), tokensOf(pieces), pieces.get(0).page(), pieces.get(pieces.size() - 1).page(),
        start, end, null);
  }

  private static String normalize(String text) {
    return WHITESPACE.matcher(text).replaceAll(" ").trim();
  }
}
