package io.mediawhisperer.audiobook.script;

import io.mediawhisperer.text.TextBlocks;
import java.util.Set;

/** The short notes spoken in place of what is not read aloud. */
final class Announcements {

  private static final Set<String> ALL = Set.of(TextBlocks.CODE, TextBlocks.TABLE, TextBlocks.CONTENTS, TextBlocks.FIGURE);

  private Announcements() {
  }

  static boolean is(String paragraph) {
    return ALL.contains(paragraph);
  }
}
