package io.mediawhisperer.generation;

import io.mediawhisperer.spi.chat.Passage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hashtags from the most salient terms of the passages: words that recur across several passages
 * (not once in one), boosted when the topic names them, common English words left out.
 */
final class Hashtags {

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9+#-]{2,}");
  private static final Set<String> COMMON = Set.copyOf(List.of(
      "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out", "day",
      "get", "has", "him", "his", "how", "man", "new", "now", "old", "see", "two", "way", "who", "boy", "did", "its", "let",
      "put", "say", "she", "too", "use", "that", "with", "have", "this", "will", "your", "from", "they", "know", "want",
      "been", "good", "much", "some", "time", "very", "when", "come", "here", "just", "like", "long", "make", "many",
      "more", "only", "over", "such", "take", "than", "them", "well", "were", "what", "which", "while", "would", "there",
      "their", "these", "those", "then", "also", "into", "most", "other", "about", "after", "again", "could", "should",
      "where", "because", "each", "every", "does", "doing", "done", "may", "might", "must", "shall", "being", "both",
      "same", "so", "than", "through", "under", "until", "upon", "used", "using", "uses", "via", "within", "without",
      "yes", "yet", "thing", "things", "really", "actually", "going", "okay", "right", "something", "example", "however",
      "since", "between", "first", "second", "often", "still", "even", "need", "needs", "able", "already", "always",
      "said", "says", "see", "seen", "look", "lot", "lots", "gonna", "kind", "mean", "think", "why", "whether"));

  private Hashtags() {
  }

  static List<String> of(String topic, List<Passage> passages, int max) {
    Map<String, Integer> passagesWith = new HashMap<>();
    Map<String, String> spelling = new HashMap<>();
    for (Passage passage : passages) {
      Set<String> seen = new HashSet<>();
      Matcher m = WORD.matcher(passage.text());
      while (m.find()) {
        String word = m.group();
        String key = word.toLowerCase(Locale.ROOT);
        if (COMMON.contains(key) || key.chars().allMatch(Character::isDigit)) {
          continue;
        }
        if (seen.add(key)) {
          passagesWith.merge(key, 1, Integer::sum);
        }
        spelling.putIfAbsent(key, word);
      }
    }
    Set<String> topicWords = new HashSet<>();
    Matcher t = WORD.matcher(topic);
    while (t.find()) {
      topicWords.add(t.group().toLowerCase(Locale.ROOT));
    }
    List<String> ranked = new ArrayList<>(passagesWith.keySet());
    ranked.removeIf(key -> passagesWith.get(key) < 2 && !topicWords.contains(key));
    ranked.sort((a, b) -> Double.compare(score(b, passagesWith, topicWords), score(a, passagesWith, topicWords)));
    List<String> tags = new ArrayList<>();
    for (String key : ranked) {
      if (tags.size() == max) {
        break;
      }
      tags.add(camel(spelling.get(key)));
    }
    return tags;
  }

  private static double score(String key, Map<String, Integer> passagesWith, Set<String> topicWords) {
    // longer words carry more meaning than short ones at equal spread
    return passagesWith.get(key) * (topicWords.contains(key) ? 3.0 : 1.0) * Math.log(key.length());
  }

  private static String camel(String word) {
    String clean = word.replaceAll("[^A-Za-z0-9]", "");
    return clean.isEmpty() ? clean : Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
  }
}
