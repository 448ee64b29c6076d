package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairQueueTest {
  private static final Map<String, Integer> WEIGHTS =
      Map.of("justice", 2, "health", 1, "defence", 3);

  private final FairQueue<String> queue = new FairQueue<>(d -> WEIGHTS.getOrDefault(d, 1));

  private List<String> drain() {
    List<String> out = new ArrayList<>();
    for (String s = queue.poll(); s != null; s = queue.poll()) {
      out.add(s);
    }
    return out;
  }

  @Test
  void poll_backloggedWeights2And1_servesTwoToOne() {
    for (int i = 1; i <= 6; i++) {
      queue.add("justice", "J" + i);
    }
    for (int i = 1; i <= 3; i++) {
      queue.add("health", "H" + i);
    }

    assertThat(drain()).containsExactly("J1", "J2", "H1", "J3", "J4", "H2", "J5", "J6", "H3");
    assertThat(queue.size()).isZero();
  }

  @Test
  void poll_oneLaneDrained_otherLaneKeepsFifoOrder() {
    queue.add("defence", "D1");
    queue.add("health", "H1");
    queue.add("health", "H2");
    queue.add("health", "H3");

    assertThat(drain()).containsExactly("D1", "H1", "H2", "H3");
  }

  @Test
  void remove_waitingItem_leavesOthersInOrder() {
    queue.add("health", "H1");
    queue.add("health", "H2");
    queue.add("justice", "J1");

    assertThat(queue.remove("health", "H1")).isTrue();
    assertThat(queue.remove("health", "H1")).isFalse();
    assertThat(queue.size()).isEqualTo(2);
    assertThat(drain()).containsExactly("H2", "J1");
  }

  @Test
  void poll_unknownDepartment_servedWithWeightOne() {
    for (int i = 1; i <= 4; i++) {
      queue.add("justice", "J" + i);
      queue.add("unlisted", "U" + i);
    }

    assertThat(drain()).containsExactly("J1", "J2", "U1", "J3", "J4", "U2", "U3", "U4");
  }

  @Test
  void poll_laneRejoiningAfterEmptying_goesToEndOfRound() {
    queue.add("health", "H1");
    queue.add("justice", "J1");
    assertThat(queue.poll()).isEqualTo("H1");
    queue.add("health", "H2");

    assertThat(drain()).containsExactly("J1", "H2");
  }
}
