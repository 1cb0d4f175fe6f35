package io.mediawhisperer.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FusionTest {

  private static List<UUID> ids(int n) {
    List<UUID> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(UUID.randomUUID());
    }
    return out;
  }

  @Test
  void textThatFindsSomethingElseEntirelyCannotPushTheVectorHitsDown() {
    List<UUID> vector = ids(20);
    List<UUID> text = ids(20);

    List<UUID> fused = Fusion.agreementWeighted(vector, text).stream().map(Fusion.Ranked::id).toList();

    assertThat(Fusion.agreement(vector, text)).isZero();
    assertThat(fused.subList(0, 20)).containsExactlyElementsOf(vector);
  }

  @Test
  void whereTheListsAgreeTextLiftsWhatItRanksFirst() {
    List<UUID> shared = ids(10);
    List<UUID> vector = new ArrayList<>(shared);
    // text ranks the vector's tenth hit first, and holds the same ten
    List<UUID> text = Stream.concat(Stream.of(shared.get(9)), shared.subList(0, 9).stream()).toList();

    List<UUID> fused = Fusion.agreementWeighted(vector, text).stream().map(Fusion.Ranked::id).toList();

    assertThat(Fusion.agreement(vector, text)).isEqualTo(1.0);
    assertThat(fused.indexOf(shared.get(9))).as("risen from tenth").isLessThan(9);
    assertThat(fused).containsExactlyInAnyOrderElementsOf(shared);
  }

  @Test
  void agreementIsTheShareOfTheFirstTenBothHold() {
    List<UUID> vector = ids(10);
    List<UUID> text = new ArrayList<>(ids(7));
    text.addAll(vector.subList(5, 8));
    text.add(vector.get(0)); // eleventh: beyond the depth compared

    assertThat(Fusion.agreement(vector, text)).isEqualTo(0.3);
    assertThat(Fusion.agreement(List.of(), text)).isZero();
  }
}
