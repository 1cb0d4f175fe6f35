package io.mediawhisperer.plugin.embedding.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.testsupport.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The Java counter against the model's native tokenizer, text by text: every line, sentence-sized
 * piece and word of the corpus's text files, transcripts and chat exports, and Unicode edge cases
 * (accents, other scripts, CJK, marks, controls, unusual spaces, emoji, the special tokens).
 */
class BertWordPieceCounterTest {

  private static final List<String> EDGE_CASES = List.of(
      "", " ", "\t\n\r", "Café naïve résumé façade Ångström", "ÀÉÎÕÜ ÇØ Æ œ ß ẞ", "ΟΔΥΣΣΕΥΣ Σίσυφος ΣΑΣ",
      "İstanbul ıi İ", "Москва и Санкт-Петербург", "مرحبا بالعالم", "שלום עולם", "हिन्दी भाषा", "ภาษาไทย",
      "漢字とかなカナ、中文字符。한국어 텍스트", "emoji 🙂👍🏽 and ZWJ 👩‍💻 family", "a\u00A0b\u2007c\u202Fd\u3000e\u2028f",
      "zero\u200Bwidth\u200Djoiner\uFEFFbom", "soft\u00ADhyphen", "control\u0001\u0007\u001Fchars\u007F\u0085end",
      "replacement \uFFFD char and nul \u0000 here", "combining e\u0301 o\u0308 n\u0303", "ﬁ ligature ﬀ ﬃ", "fullwidth ＡＢＣ１２３",
      "supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis", "x".repeat(101), "y".repeat(100),
      "[CLS] starts [SEP] ends [MASK] and [PAD][UNK]x[cls]", "quotes “double” ‘single’ «guillemets» — dash – en … ellipsis",
      "math ∑ ∫ √ ≤ ≥ ≠ ± × ÷ °C µm", "code: a[2,,] <- foo_bar(x$y); if (x == 0) { return -1; } // c++",
      "https://example.org/path?q=1&r=two#frag user@example.org", "1,234.56 3.14e-10 0x1F 50% $100 €20 £5 ¥3",
      "tab\tseparated\tvalues\nand lines", "Ǆ ǅ ǆ ǈ Ǌ", "Ω Å K", "\uD800 lone surrogate", "private \uE000 use");

  @ParameterizedTest
  @EnumSource(MiniLmVariant.class)
  void countsAsTheNativeTokenizerOnUnicodeEdgeCases(MiniLmVariant variant) {
    assertSameCounts(variant, EDGE_CASES);
  }

  @Test
  void countsAsTheNativeTokenizerOnTheCorpus() throws IOException {
    List<String> texts = new ArrayList<>();
    for (String folder : List.of("qa", "transcripts", "chat")) {
      try (Stream<Path> files = Files.list(Corpus.location().resolve(folder))) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          // leniently: one transcript is deliberately not UTF-8
          String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
          for (String line : content.split("\n")) {
            texts.add(line);
            texts.addAll(List.of(line.split("(?<=[.!?])\\s+")));
          }
          for (String word : content.split("\\s+")) {
            texts.add(word);
          }
        }
      }
    }
    assertThat(texts).hasSizeGreaterThan(10_000);
    assertSameCounts(MiniLmVariant.QUANTIZED, texts);
  }

  private static void assertSameCounts(MiniLmVariant variant, List<String> texts) {
    MiniLmTokenizer nativeTokenizer = MiniLmTokenizer.shared(variant);
    BertWordPieceCounter counter = BertWordPieceCounter.shared(variant);
    List<String> different = new ArrayList<>();
    for (String text : texts) {
      int expected = nativeTokenizer.count(text);
      int actual = counter.count(text);
      if (expected != actual) {
        different.add(expected + " vs " + actual + ": " + text.codePoints().limit(120)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append));
      }
    }
    assertThat(different).as("texts the Java counter counts differently (native vs Java)").isEmpty();
  }
}
