package io.mediawhisperer.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedPluginsTest {

  /** A plugin kind that exists only for this test; registered in META-INF/services. */
  public interface Greeter extends NamedPlugin {
  }

  public static final class English implements Greeter {
    @Override
    public String name() {
      return "english";
    }
  }

  record Named(String name) implements Greeter {
  }

  @Test
  void loadsImplementationsFromServiceFiles() {
    NamedPlugins<Greeter> greeters = NamedPlugins.load(Greeter.class, getClass().getClassLoader());
    assertThat(greeters.names()).containsExactly("english");
    assertThat(greeters.get("english")).isInstanceOf(English.class);
  }

  @Test
  void unknownNameListsWhatIsAvailable() {
    NamedPlugins<Greeter> greeters = NamedPlugins.of(Greeter.class, new Named("a"), new Named("b-2"));
    assertThatThrownBy(() -> greeters.get("c"))
        .hasMessageContaining("'c'").hasMessageContaining("[a, b-2]");
  }

  @Test
  void duplicateAndMalformedNamesAreRejected() {
    assertThatThrownBy(() -> NamedPlugins.of(Greeter.class, new Named("a"), new Named("a")))
        .hasMessageContaining("two Greeter plugins are named 'a'");
    assertThatThrownBy(() -> NamedPlugins.of(Greeter.class, new Named("Bad Name")))
        .hasMessageContaining("invalid name 'Bad Name'");
    assertThatThrownBy(() -> NamedPlugins.of(Greeter.class, java.util.List.of(new Named("a"), new Named("a"))))
        .hasMessageContaining("two Greeter plugins are named 'a'");
    assertThat(NamedPlugins.of(Greeter.class, java.util.List.of(new Named("a"), new Named("b-2"))).names()).containsExactly("a", "b-2");
    assertThat(NamedPlugins.validName("open-ai-2")).isTrue();
    assertThat(NamedPlugins.validName("OpenAI")).isFalse();
    assertThat(NamedPlugins.validName(null)).isFalse();
  }
}
