package io.mediawhisperer.spi.content;

import io.mediawhisperer.spi.chat.ChatException;
import io.mediawhisperer.spi.chat.Passage;
import java.util.List;

/**
 * What a content type can make of the passages retrieved for a topic. With a generative chat
 * model configured the server answers {@link #write} with it; with the offline extractive model
 * everything is drawn from the passages' own sentences, so nothing is invented.
 */
public interface ContentTools {

  /** The passages retrieved for the topic, best first, numbered as citations {@code [n]}. */
  List<Passage> passages();

  /** True when a language model writes ({@link #write} composes new text); false when extractive. */
  boolean generative();

  /** Up to {@code max} key points: the best sentences for the topic (extractive) or model-written ones. */
  List<String> keyPoints(int max) throws ChatException;

  /** Up to {@code max} hashtags (without '#', CamelCase) from the most salient terms of the passages. */
  List<String> hashtags(int max);

  /** A summary of the passages in about {@code maxWords} words. */
  String summary(int maxWords) throws ChatException;

  /**
   * Text written to {@code instruction} from the passages: by the language model when
   * {@link #generative()}, otherwise the passages' summary, since an extractive model cannot
   * follow instructions.
   */
  String write(String instruction, int maxWords) throws ChatException;
}
