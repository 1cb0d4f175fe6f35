package io.mediawhisperer.plugin.chat.extractive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTest {

  @Test
  void wordsOfOneFamilyMeet() {
    assertSameStem("compile", "compiles", "compiled", "compiling", "compilation", "compiler", "compilers");
    assertSameStem("trace", "traces", "traced", "tracing");
    assertSameStem("type", "types", "typed");
    assertSameStem("specialize", "specialized", "specialization", "specializing");
    assertSameStem("execute", "executed", "executes", "execution");
    assertSameStem("generate", "generated", "generates", "generation");
    assertSameStem("class", "classes");
    assertSameStem("library", "libraries");
    assertSameStem("run", "running", "runs");
    assertSameStem("call", "calls", "called", "calling");
    assertSameStem("indent", "indented", "indentation");
    assertSameStem("loop", "loops", "looping");
    assertSameStem("order", "orders", "ordered");
  }

  @Test
  void wordsOfDifferentFamiliesStayApart() {
    assertThat(Terms.stem("string")).isNotEqualTo(Terms.stem("str"));
    assertThat(Terms.stem("speed")).isNotEqualTo(Terms.stem("spe"));
    assertThat(Terms.stem("process")).isNotEqualTo(Terms.stem("proces"));
    assertThat(Terms.stem("analysis")).isEqualTo("analysis");
  }

  @Test
  void dropsStopWordsAndQuestionWordsAndKeepsNumbers() {
    assertThat(Terms.of("How does the trace-based compiler decide which code to compile?"))
        .containsExactly("trac", "bas", "compil", "decid", "cod", "compil");
    assertThat(Terms.of("What's new in Python 3.11?")).containsExactly("new", "python", "3", "11");
    assertThat(Terms.of("Why is it so?")).isEmpty();
  }

  @Test
  void readsWordsOfAnyScript() {
    assertThat(Terms.of("Größe und Übersetzung")).containsExactly("größe", "und", "übersetzung");
    assertThat(Terms.of("حقوق الإنسان")).hasSize(2);
  }

  private static void assertSameStem(String... words) {
    List<String> stems = List.of(words).stream().map(Terms::stem).distinct().toList();
    assertThat(stems).as("stems of %s", List.of(words)).hasSize(1);
  }
}
