package io.mediawhisperer.plugin.embedding.minilm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mediawhisperer.spi.embedding.TokenCounter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the model's wordpieces in plain Java, the way the model's own tokenizer (Hugging Face's
 * BertNormalizer, BertPreTokenizer and WordPiece, as configured in the variant's tokenizer.json)
 * splits a text, without a native call per text. The chunker counts every sentence and
 * sometimes every word, and the native tokenizer spent about 100 microseconds a call building
 * ids, offsets and token strings it did not need: 1.6 s for the GNU Octave manual's 15,783
 * sentences, beside the model on the same cores. {@code BertWordPieceCounterTest} holds the
 * counts equal to the native tokenizer's on the corpus and on Unicode edge cases.
 */
final class BertWordPieceCounter implements TokenCounter {

  private static final Map<String, BertWordPieceCounter> SHARED = new ConcurrentHashMap<>();
  private static final String CONTINUING = "##";

  private final Set<String> vocabulary;
  private final List<String> specialTokens;
  private final int maxCharsPerWord;

  private BertWordPieceCounter(Set<String> vocabulary, List<String> specialTokens, int maxCharsPerWord) {
    this.vocabulary = vocabulary;
    this.specialTokens = specialTokens;
    this.maxCharsPerWord = maxCharsPerWord;
  }

  static BertWordPieceCounter shared(MiniLmVariant variant) {
    return SHARED.computeIfAbsent(variant.tokenizerResource(), resource -> load(variant));
  }

  private static BertWordPieceCounter load(MiniLmVariant variant) {
    try (InputStream json = ModelResources.open(variant.tokenizerResource(), variant);
        JsonParser parser = new JsonFactory().createParser(json)) {
      Settings read = new Settings();
      read.object(parser, "");
      // what this class does is what this configuration says; another one needs another counter
      if (!"BertNormalizer".equals(read.strings.get("normalizer.type")) || !"true".equals(read.strings.get("normalizer.lowercase"))
          || !"BertPreTokenizer".equals(read.strings.get("pre_tokenizer.type")) || !"WordPiece".equals(read.strings.get("model.type"))
          || !CONTINUING.equals(read.strings.get("model.continuing_subword_prefix")) || read.vocabulary.isEmpty()) {
        throw new IllegalStateException(variant.tokenizerResource() + " is not a lower-casing BERT WordPiece tokenizer");
      }
      return new BertWordPieceCounter(Set.copyOf(read.vocabulary), List.copyOf(read.specials),
          Integer.parseInt(read.strings.getOrDefault("model.max_input_chars_per_word", "100")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + variant.tokenizerResource(), e);
    }
  }

  /** The few settings the counter follows, the vocabulary's words and the added tokens, read in one pass. */
  private static final class Settings {
    final Map<String, String> strings = new java.util.HashMap<>();
    final Set<String> vocabulary = new HashSet<>();
    final List<String> specials = new ArrayList<>();

    void object(JsonParser parser, String path) throws IOException {
      if (parser.currentToken() == null) {
        parser.nextToken();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        String at = path.isEmpty() ? name : path + "." + name;
        if (at.equals("model.vocab") && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            vocabulary.add(parser.currentName());
            parser.nextToken();
          }
        } else if (at.equals("added_tokens") && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String field = parser.currentName();
              parser.nextToken();
              if (field.equals("content")) {
                specials.add(parser.getText());
              } else {
                parser.skipChildren();
              }
            }
          }
        } else if (value == JsonToken.START_OBJECT) {
          object(parser, at);
        } else if (value == JsonToken.START_ARRAY) {
          parser.skipChildren();
        } else {
          strings.put(at, parser.getText());
        }
      }
    }
  }

  @Override
  public int count(String text) {
    int tokens = 0;
    int from = 0;
    // the added tokens ([CLS], [SEP], ...) are found in the raw text first, as the native tokenizer does
    for (int at = nextSpecial(text, 0); at >= 0; at = nextSpecial(text, from)) {
      tokens += countPlain(text, from, at) + 1;
      from = at + specialAt(text, at).length();
    }
    return tokens + countPlain(text, from, text.length());
  }

  @Override
  public int maxTokens() {
    return MiniLmTokenizer.MAX_WORDPIECES;
  }

  private int nextSpecial(String text, int from) {
    int next = -1;
    for (String special : specialTokens) {
      int at = text.indexOf(special, from);
      if (at >= 0 && (next < 0 || at < next)) {
        next = at;
      }
    }
    return next;
  }

  private String specialAt(String text, int at) {
    String longest = "";
    for (String special : specialTokens) {
      if (text.startsWith(special, at) && special.length() > longest.length()) {
        longest = special;
      }
    }
    return longest;
  }

  /** BertNormalizer's clean_text and handle_chinese_chars, then whitespace splitting; each raw word normalised and split further. */
  private int countPlain(String text, int from, int to) {
    int tokens = 0;
    StringBuilder word = new StringBuilder();
    for (int i = from; i < to; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      if (isWhitespace(cp) || isChinese(cp)) {
        tokens += countWord(word);
        word.setLength(0);
        if (isChinese(cp)) {
          word.appendCodePoint(cp);
          tokens += countWord(word);
          word.setLength(0);
        }
        continue;
      }
      word.appendCodePoint(cp);
    }
    return tokens + countWord(word);
  }

  /** Accents stripped (NFD, non-spacing marks dropped) and lower case, then punctuation isolated, then wordpieces. */
  private int countWord(CharSequence raw) {
    if (raw.isEmpty()) {
      return 0;
    }
    String normalized = normalize(raw);
    int tokens = 0;
    int start = 0;
    for (int i = 0; i < normalized.length(); ) {
      int cp = normalized.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isPunctuation(cp)) {
        tokens += wordPieces(normalized, start, i) + 1;
        start = next;
      }
      i = next;
    }
    return tokens + wordPieces(normalized, start, normalized.length());
  }

  private static String normalize(CharSequence raw) {
    boolean ascii = true;
    for (int i = 0; i < raw.length() && ascii; i++) {
      ascii = raw.charAt(i) < 0x80;
    }
    if (ascii) {
      StringBuilder lower = new StringBuilder(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
      return lower.toString();
    }
    String decomposed = Normalizer.normalize(raw, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int cp = decomposed.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) == Character.NON_SPACING_MARK) {
        continue;
      }
      // one code point at a time, as the native tokenizer lower-cases (no final-sigma rule);
      // U+0130 is the one letter whose lower case is two code points
      if (cp == 0x130) {
        out.append("i\u0307");
      } else {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
    }
    return out.toString();
  }

  /** Greedy longest-match wordpieces of {@code word[from, to)}; a word that cannot be split is one unknown token. */
  private int wordPieces(String word, int from, int to) {
    if (from >= to) {
      return 0;
    }
    if (word.codePointCount(from, to) > maxCharsPerWord) {
      return 1;
    }
    int pieces = 0;
    int start = from;
    while (start < to) {
      int end = to;
      boolean found = false;
      while (end > start) {
        String piece = start == from ? word.substring(start, end) : CONTINUING + word.substring(start, end);
        if (vocabulary.contains(piece)) {
          found = true;
          break;
        }
        end = Character.isLowSurrogate(word.charAt(end - 1)) && end - 2 > start ? end - 2 : end - 1;
      }
      if (!found) {
        return 1;
      }
      pieces++;
      start = end;
    }
    return pieces;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
  }

  /** Unicode's White_Space property (Rust's char::is_whitespace), which Java's isWhitespace is not. */
  private static boolean isWhitespace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  }

  private static boolean isChinese(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }
}
