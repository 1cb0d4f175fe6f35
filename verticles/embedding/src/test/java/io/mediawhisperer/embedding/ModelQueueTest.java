package io.mediawhisperer.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelQueueTest {

  @Test
  void interactiveRequestsComeBeforeAnyBulkOne() {
    ModelQueue<String> queue = new ModelQueue<>(10);
    queue.addBulk("long", "long-1");
    queue.addInteractive("question");
    assertThat(queue.nextInteractive()).isEqualTo("question");
    assertThat(queue.nextInteractive()).isNull();
    assertThat(queue.nextBulk()).isEqualTo("long-1");
  }

  @Test
  void lanesTakeTurnsSoAShortJobIsNotStuckBehindALongOne() {
    ModelQueue<String> queue = new ModelQueue<>(100);
    for (int i = 1; i <= 10; i++) {
      queue.addBulk("long", "long-" + i);
    }
    queue.addBulk("short", "short-1");
    queue.addBulk("short", "short-2");
    List<String> served = new ArrayList<>();
    for (String next = queue.nextBulk(); next != null; next = queue.nextBulk()) {
      served.add(next);
    }
    assertThat(served).startsWith("long-1", "short-1", "long-2", "short-2", "long-3").hasSize(12);
    assertThat(served.indexOf("short-2")).as("the short job done after the long one's second batch").isEqualTo(3);
    assertThat(served.subList(4, 12)).containsExactly("long-3", "long-4", "long-5", "long-6", "long-7", "long-8", "long-9", "long-10");
  }

  @Test
  void bulkRequestsAreBoundedAndAServedOneFreesItsPlace() {
    ModelQueue<String> queue = new ModelQueue<>(2);
    assertThat(queue.addBulk("a", "a-1")).isTrue();
    assertThat(queue.addBulk("b", "b-1")).isTrue();
    assertThat(queue.addBulk("a", "a-2")).as("a third while two wait").isFalse();
    queue.addInteractive("question");
    assertThat(queue.bulkWaiting()).isEqualTo(2);
    queue.nextBulk();
    assertThat(queue.addBulk("a", "a-2")).isTrue();
    assertThat(queue.drain()).containsExactly("question", "b-1", "a-2");
    assertThat(queue.bulkWaiting()).isZero();
    assertThat(queue.nextBulk()).isNull();
  }
}
