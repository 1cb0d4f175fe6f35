package io.mediawhisperer.plugin.chatlog.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

  @Test
  void paragraphsBecomeBlankLineSeparatedTextWithEntitiesDecoded() {
    assertThat(HtmlText.toPlain("<p>Fish &amp; chips</p>\n  <p>cost &pound;5 &#8212; or &#x20AC;6</p>"))
        .isEqualTo("Fish & chips\n\ncost &pound;5 \u2014 or \u20AC6"); // an unknown entity stays as written
  }

  @Test
  void listsAreNumberedOrBulletedAndNestedOnesIndented() {
    assertThat(HtmlText.toPlain("<ul><li>one<ol><li>a</li><li>b</li></ol></li><li>two</li></ul><p>after</p>"))
        .isEqualTo("- one\n  1. a\n  2. b\n- two\n\nafter");
  }

  @Test
  void preformattedCodeKeepsItsWhitespaceInAFence() {
    assertThat(HtmlText.toPlain("<p>Run:</p><pre><code>if x:\n    print(&quot;x&lt;y&quot;)\n</code></pre>"))
        .isEqualTo("Run:\n\n```\nif x:\n    print(\"x<y\")\n```");
  }

  @Test
  void whitespaceCollapsesAsInABrowserAndBrBreaksTheLine() {
    assertThat(HtmlText.toPlain("  Hello\n   <b>big</b>   world<br>next  line ")).isEqualTo("Hello big world\nnext line");
  }

  @Test
  void scriptsStylesAndCommentsAreDroppedAndALoneAngleBracketIsText() {
    assertThat(HtmlText.toPlain("<style>p{}</style><script>alert(1)</script><!-- note -->a < b and c<d"))
        .isEqualTo("a < b and c<d");
  }

  @Test
  void headingsBecomeMarkdownHeadings() {
    assertThat(HtmlText.toPlain("<h2>Title</h2>text")).isEqualTo("## Title\n\ntext");
  }
}
