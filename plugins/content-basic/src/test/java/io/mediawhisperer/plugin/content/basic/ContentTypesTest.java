package io.mediawhisperer.plugin.content.basic;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.spi.content.ContentTypeContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Our four content types pass the contract kit, are found by ServiceLoader, and keep their formats' limits. */
class ContentTypesTest {

  @Test
  void allFourAreRegistered() {
    assertThat(NamedPlugins.load(ContentType.class, getClass().getClassLoader()).names())
        .containsExactlyInAnyOrder("linkedin", "x-thread", "blog", "newsletter");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyThreadPostFitsInto280CharactersAndIsNumbered() throws Exception {
    List<String> posts = (List<String>) new XThread()
        .fill("a topic far longer than one post can hold ".repeat(10), ContentTypeContract.tools(false, ContentTypeContract.PASSAGES))
        .get("posts");
    assertThat(posts).hasSize(1 + ContentTypeContract.PASSAGES.size());
    for (int i = 0; i < posts.size(); i++) {
      assertThat(posts.get(i).length()).isLessThanOrEqualTo(280);
      assertThat(posts.get(i)).endsWith(" " + (i + 1) + "/" + posts.size());
    }
  }

  @Test
  void withoutALanguageModelNothingIsWrittenBeyondPlainFramingWords() throws Exception {
    Map<String, Object> values = new LinkedInPost().fill("trace trees", ContentTypeContract.tools(false, ContentTypeContract.PASSAGES));
    assertThat((String) values.get("hook")).isEqualTo("What my sources say about trace trees:");
    assertThat((List<?>) values.get("key_points")).hasSize(3);
  }

  @Test
  void theSummaryBesideTheKeyPointsDoesNotRepeatThem() {
    List<String> points = List.of("Large data objects will usually be read as values from external files. [3]",
        "All the datasets supplied with R are available directly by name. [5]");
    String summary = "Large data objects will usually be read as values from external files. R input facilities are simple "
        + "and their requirements are fairly strict. All the datasets supplied with R are available directly by name.";
    assertThat(BasicContentType.besidePoints(summary, points))
        .isEqualTo("R input facilities are simple and their requirements are fairly strict.");
    assertThat(BasicContentType.sentencesUpTo("One two three four five six. Seven eight nine ten eleven twelve.", 8))
        .isEqualTo("One two three four five six.");
  }

  @Nested
  class LinkedIn extends ContentTypeContract {
    @Override
    protected ContentType contentType() {
      return new LinkedInPost();
    }
  }

  @Nested
  class Thread extends ContentTypeContract {
    @Override
    protected ContentType contentType() {
      return new XThread();
    }
  }

  @Nested
  class Blog extends ContentTypeContract {
    @Override
    protected ContentType contentType() {
      return new BlogPost();
    }
  }

  @Nested
  class NewsletterIssue extends ContentTypeContract {
    @Override
    protected ContentType contentType() {
      return new Newsletter();
    }
  }
}
