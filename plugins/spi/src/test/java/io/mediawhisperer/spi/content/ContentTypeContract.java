package io.mediawhisperer.spi.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.chat.Passage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every content-type plugin must do. A plugin's test extends this class and returns its
 * type; the kit fills it with tools that behave like the server's, extractive and generative,
 * over real passages. (That the default template compiles is checked by the server at start-up,
 * which refuses a type whose template does not.)
 */
public abstract class ContentTypeContract {

  private static final String VALID_NAME = "[a-z0-9]+(-[a-z0-9]+)*";

  protected abstract ContentType contentType();

  /** Passages as retrieval would hand them over: numbered, with titles and locators. */
  public static final List<Passage> PASSAGES = List.of(
      new Passage(1, "Trace-based JIT", "p. 1", "TraceMonkey is a trace-based compiler for JavaScript. It records hot loops as"
          + " traces and compiles them to native code specialised for the types seen at run time."),
      new Passage(2, "Trace-based JIT", "p. 4", "Type-stable loops run entirely in native code; a side exit returns to the"
          + " interpreter when a guard fails, and nested loops form trace trees."),
      new Passage(3, "Garbage collection talk", "0:30", "A generational garbage collector splits the heap into a young and an old"
          + " generation; most objects die young, so collecting the nursery is cheap."));

  /** Tools that answer like the server's: quoting sentences when extractive, writing when generative. */
  public static ContentTools tools(boolean generative, List<Passage> passages) {
    return new ContentTools() {
      @Override
      public List<Passage> passages() {
        return passages;
      }

      @Override
      public boolean generative() {
        return generative;
      }

      @Override
      public List<String> keyPoints(int max) {
        List<String> points = new ArrayList<>();
        for (Passage p : passages) {
          if (points.size() < max) {
            points.add(p.text().split("(?<=[.;])\\s+")[0] + " [" + p.marker() + "]");
          }
        }
        return points;
      }

      @Override
      public List<String> hashtags(int max) {
        return List.of("TraceMonkey", "JIT", "GarbageCollection").subList(0, Math.min(max, 3));
      }

      @Override
      public String summary(int maxWords) {
        return passages.isEmpty() ? "" : passages.get(0).text();
      }

      @Override
      public String write(String instruction, int maxWords) {
        return generative ? "Written to: " + instruction : summary(maxWords);
      }
    };
  }

  @Test
  void describesItselfForUsersAndTemplateAuthors() {
    ContentType type = contentType();
    assertThat(type.name()).matches(VALID_NAME);
    assertThat(type.description()).isNotBlank();
    assertThat(type.defaultTemplate()).isNotBlank();
    assertThat(type.variables()).isNotEmpty();
    Set<String> names = new HashSet<>();
    for (ContentType.Variable v : type.variables()) {
      assertThat(v.name()).matches("[A-Za-z_][A-Za-z0-9_]*");
      assertThat(v.description()).isNotBlank();
      assertThat(names.add(v.name())).as("variable %s declared twice", v.name()).isTrue();
    }
  }

  @Test
  void fillsEveryDeclaredVariableWithPlainValuesExtractively() throws Exception {
    checkFilled(contentType().fill("trace-based compilation", tools(false, PASSAGES)));
  }

  @Test
  void fillsEveryDeclaredVariableWithPlainValuesWithALanguageModel() throws Exception {
    checkFilled(contentType().fill("trace-based compilation", tools(true, PASSAGES)));
  }

  @Test
  void copesWithASinglePassage() throws Exception {
    checkFilled(contentType().fill("garbage collection", tools(false, PASSAGES.subList(2, 3))));
  }

  private void checkFilled(Map<String, Object> values) {
    for (ContentType.Variable v : contentType().variables()) {
      assertThat(values).as("variables filled").containsKey(v.name());
    }
    values.forEach((name, value) -> assertPlain(name, value));
  }

  /** Templates see strings, numbers, booleans, lists and maps only: nothing with methods to call. */
  private static void assertPlain(String where, Object value) {
    if (value instanceof List<?> list) {
      list.forEach(item -> assertPlain(where + "[]", item));
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        assertThat(k).as(where + " key").isInstanceOf(String.class);
        assertPlain(where + "." + k, v);
      });
    } else {
      assertThat(value).as(where).isInstanceOfAny(String.class, Number.class, Boolean.class);
    }
  }
}
