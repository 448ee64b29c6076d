package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.AuditOutbox.OutboxEntry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OutboxEntryTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");

  @Test
  void new_copiesBytesInAndOut_andEqualsByContent() {
    byte[] bytes = {1, 2, 3};
    OutboxEntry entry = new OutboxEntry(7, bytes, T0);
    bytes[0] = 9;
    entry.entry()[1] = 9;

    assertThat(entry.entry()).containsExactly(1, 2, 3);
    assertThat(entry).isEqualTo(new OutboxEntry(7, new byte[] {1, 2, 3}, T0));
    assertThat(entry).hasSameHashCodeAs(new OutboxEntry(7, new byte[] {1, 2, 3}, T0));
    assertThat(entry).isNotEqualTo(new OutboxEntry(7, new byte[] {1, 2, 4}, T0));
    assertThat(entry.queuedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(entry)
        .hasToString("OutboxEntry[id=7, entry=3 bytes, queuedAt=" + entry.queuedAt() + "]");
  }

  @Test
  void new_outOfBounds_rejects() {
    assertThatThrownBy(() -> new OutboxEntry(0, new byte[1], T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new OutboxEntry(1, new byte[0], T0))
        .hasMessage("entry: 0 bytes (expected: 1..65535)");
    assertThatThrownBy(() -> new OutboxEntry(1, new byte[65_536], T0))
        .hasMessage("entry: 65536 bytes (expected: 1..65535)");
  }
}
