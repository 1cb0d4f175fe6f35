package io.mediawhisperer.spi.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationsTest {

  private static final List<Passage> THREE = List.of(
      new Passage(1, "Paper", "p. 1", "one"),
      new Passage(2, "Podcast", "12:05", "two"),
      new Passage(3, "FAQ", null, "three"));

  @Test
  void readsSingleGroupedAndAdjacentMarkers() {
    assertThat(Citations.cited("Traces are compiled [2].", THREE)).containsExactly(2);
    assertThat(Citations.cited("Both say so [1, 3].", THREE)).containsExactly(1, 3);
    assertThat(Citations.cited("Both say so [3][1].", THREE)).containsExactly(3, 1);
    assertThat(Citations.cited("Spaced [ 1 ]? No: [1 ,2].", THREE)).containsExactly(1, 2);
  }

  @Test
  void keepsTheOrderOfFirstAppearanceAndEachMarkerOnce() {
    assertThat(Citations.cited("First [2], then [1], again [2] and [1][2].", THREE)).containsExactly(2, 1);
  }

  @Test
  void ignoresMarkersOfNoPassage() {
    assertThat(Citations.cited("See [4] and [0] and [1].", THREE)).containsExactly(1);
    assertThat(Citations.cited("Mixed [4, 2].", THREE)).containsExactly(2);
    assertThat(Citations.cited("Anything [1]", List.of())).isEmpty();
  }

  @Test
  void ignoresWhatOnlyLooksLikeAMarker() {
    assertThat(Citations.cited("No citations here: a[i], [x], [1a], [], (1) and 1.", THREE)).isEmpty();
    assertThat(Citations.cited("", THREE)).isEmpty();
  }

  @Test
  void passagesNameThemselvesWithTheirLocator() {
    assertThat(THREE.get(0).citation()).isEqualTo("Paper, p. 1");
    assertThat(THREE.get(2).citation()).isEqualTo("FAQ");
  }
}
