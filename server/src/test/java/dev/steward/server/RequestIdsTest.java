package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void next_isUniqueAndSortsByTime() {
    Set<String> seen = new HashSet<>();
    String previous = "";
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.next(1_700_000_000_000_000L + i * 1000L);
      assertThat(seen.add(id)).isTrue();
      assertThat(id).startsWith("req_").hasSize(25);
      assertThat(id.substring(0, 17))
          .isGreaterThanOrEqualTo(previous.isEmpty() ? "" : previous.substring(0, 17));
      previous = id;
    }
  }
}
