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

  private static Failure failureOf(Runnable work) {
    try {
      work.run();
    } catch (Failure.FailureException e) {
      return e.failure();
    }
    throw new AssertionError("expected a Failure");
  }

  @Test
  void nestedLoopsPastTheIterationBudgetAreRefusedQuicklyNamingTheLimit() {
    Templates budgeted = new Templates(new Templates.Budget(10_000, 5_000));
    long started = System.nanoTime();
    Failure failure = failureOf(() -> budgeted.render(budgeted.compile(
        "{% for i in range(1, 15000) %}{% for j in range(1, 15000) %}{% endfor %}{% endfor %}"), Map.of()));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(failure.status()).isEqualTo(422);
    assertThat(failure.code()).isEqualTo("template_too_expensive");
    assertThat(failure.message()).contains("10000").contains("template-max-iterations");
    assertThat(tookMs).as("refused long before the 5 s deadline").isLessThan(4_000);
  }

  @Test
  void aHugeRangeIsRefusedWithoutBuildingIt() {
    Templates budgeted = new Templates(new Templates.Budget(10_000, 5_000));
    Failure failure = failureOf(() -> budgeted.render(budgeted.compile("{{ range(0, 2000000000) | length }}"), Map.of()));
    assertThat(failure.status()).isEqualTo(422);
    assertThat(failure.code()).isEqualTo("template_too_expensive");
    // small ranges still work, lazily, with their length and in both directions
    assertThat(budgeted.render(budgeted.compile("{{ range(1, 5) | join(',') }} {{ range(1, 5) | length }} {{ range(3, 1, -1) | join }}"
        + " {% for c in range('a', 'c') %}{{ c }}{% endfor %}"), Map.of())).isEqualTo("1,2,3,4,5 5 321 abc");
  }

  @Test
  void rangesSpendTheBudgetEvenWhenFedToFiltersOutsideLoops() {
    Templates budgeted = new Templates(new Templates.Budget(10_000, 5_000));
    assertThat(budgeted.render(budgeted.compile("{{ range(1, 6000) | join(',') | length > 0 }}"), Map.of())).isEqualTo("true");
    Failure failure = failureOf(() -> budgeted.render(budgeted.compile(
        "{{ range(1, 6000) | join(',') | length }}{{ range(1, 6000) | join(',') | length }}"), Map.of()));
    assertThat(failure.code()).isEqualTo("template_too_expensive");
  }

  @Test
  void aRenderPastItsDeadlineIsStoppedEvenWithoutLoopsCountingUp() {
    // few iterations, each expensive: the deadline, not the count, stops it
    Templates budgeted = new Templates(new Templates.Budget(Long.MAX_VALUE / 2, 300));
    long started = System.nanoTime();
    Failure failure = failureOf(() -> budgeted.render(budgeted.compile(
        "{% for i in range(1, 90000) %}{{ range(1, 90000) | join(',') | length }}{% endfor %}"), Map.of()));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(failure.status()).isEqualTo(422);
    assertThat(failure.code()).isEqualTo("template_too_expensive");
    assertThat(failure.message()).contains("300 ms").contains("template-render-timeout-ms");
    assertThat(tookMs).isLessThan(10_000);
  }

  @Test
  void aSelfRecursiveMacroIsAnInvalidTemplateNotACrash() {
    for (String recursive : List.of(
        "{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}",
        "{% macro ping() %}{{ pong() }}{% endmacro %}{% macro pong() %}{{ ping() }}{% endmacro %}{{ ping() }}")) {
      Failure failure = failureOf(() -> templates.render(templates.compile(recursive), Map.of()));
      assertThat(failure.status()).as(recursive).isEqualTo(400);
      assertThat(failure.code()).isEqualTo("template_invalid");
      assertThat(failure.message()).contains("macro");
    }
    // and the save-time check finds it without any values
    Failure atSave = failureOf(() -> templates.check("{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}"));
    assertThat(atSave.code()).isEqualTo("template_invalid");
    // a macro that calls another, not itself, is fine
    assertThat(templates.render(templates.compile("{% macro b(x) %}<{{ x }}>{% endmacro %}{% macro a(x) %}{{ b(x) }}{{ b(x) }}{% endmacro %}"
        + "{{ a('y') }}"), Map.of())).isEqualTo("<y><y>");
  }

  @Test
  void theSaveTimeCheckRefusesWhatIsExpensiveWhateverTheValuesAndAcceptsWhatDependsOnThem() {
    Templates budgeted = new Templates(new Templates.Budget(10_000, 5_000));
    Failure failure = failureOf(() -> budgeted.check(
        "{% for i in range(1, 15000) %}{% for j in range(1, 15000) %}x{% endfor %}{% endfor %}"));
    assertThat(failure.code()).isEqualTo("template_too_expensive");
    // loops over the type's variables cost nothing without values; other render errors are not the save's business
    budgeted.check("{% for p in key_points %}{% for i in range(1, 15000) %}{% endfor %}{% endfor %}{{ topic | upper }}");
    budgeted.check("{{ sources[0].title | upper }}");
  }
}
