package io.mediawhisperer.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.spi.content.ContentTypeContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pebble as content templates use it: compile errors, detected variables, no HTML escaping, no reflection. */
class TemplatesTest {

  private final Templates templates = new Templates();

  @Test
  void aTemplateThatDoesNotCompileIsRefusedWithTheReason() {
    assertThatThrownBy(() -> templates.compile("{% for p in points %}{{ p }}"))
        .isInstanceOf(Failure.FailureException.class)
        .satisfies(e -> {
          Failure failure = ((Failure.FailureException) e).failure();
          assertThat(failure.status()).isEqualTo(400);
          assertThat(failure.code()).isEqualTo("template_invalid");
          assertThat(failure.message()).contains("does not compile");
        });
    assertThatThrownBy(() -> templates.compile("x".repeat(20_001))).isInstanceOf(Failure.FailureException.class);
  }

  @Test
  void variablesAreDetectedWithoutLoopVariables() {
    assertThat(Templates.variables("{{ hook }}\n{% for p in key_points %}- {{ p }} {{ loop.index }}{% endfor %}"
        + "{% if hashtags %}{{ hashtags | join(' ') }}{% endif %}{{hook}}"))
        .containsExactly("hook", "key_points", "hashtags");
  }

  @Test
  void passagesAreRenderedVerbatimNotHtmlEscaped() {
    String out = templates.render(templates.compile("{{ text }}"), Map.of("text", "Tom & Jerry say \"<hi>\""));
    assertThat(out).isEqualTo("Tom & Jerry say \"<hi>\"");
  }

  @Test
  void templatesCannotReachIntoJavaObjects() {
    assertThatThrownBy(() -> templates.render(templates.compile("[{{ text.getClass() }}]"), Map.of("text", "plain")))
        .isInstanceOf(Failure.FailureException.class)
        .hasMessageContaining("template_invalid")
        .hasMessageContaining("denied");
  }

  @Test
  void everyShippedDefaultTemplateCompilesAndRendersItsFilledVariables() throws Exception {
    NamedPlugins<ContentType> types = NamedPlugins.load(ContentType.class, getClass().getClassLoader());
    assertThat(types.names()).contains("linkedin", "x-thread", "blog", "newsletter");
    for (String name : types.names()) {
      ContentType type = types.get(name);
      Map<String, Object> values = type.fill("trace-based compilation",
          ContentTypeContract.tools(false, ContentTypeContract.PASSAGES));
      String out = templates.render(templates.compile(type.defaultTemplate()), values);
      assertThat(out).as(name).contains("Trace-based JIT, p. 1").doesNotContain("{{").doesNotContain("{%");
      assertThat(Templates.variables(type.defaultTemplate())).as(name)
          .isSubsetOf(type.variables().stream().map(ContentType.Variable::name).toList());
    }
  }

  @Test
  void theThreadTemplateKeepsPostsApart() throws Exception {
    ContentType thread = NamedPlugins.load(ContentType.class, getClass().getClassLoader()).get("x-thread");
    String out = templates.render(templates.compile(thread.defaultTemplate()),
        thread.fill("JIT", ContentTypeContract.tools(false, ContentTypeContract.PASSAGES)));
    List<String> posts = List.of(out.split("\n\n"));
    assertThat(posts.get(0)).endsWith("1/4");
    assertThat(posts.get(3)).contains("4/4").contains("#TraceMonkey");
  }
}
