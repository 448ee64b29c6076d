package dev.steward.provider;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event: its {@code event:} name (null when it named none), its {@code data:} lines
 * joined by newlines, and the stream's last event id when it was dispatched (null when none was
 * set).
 */
public record SseEvent(@Nullable String event, String data, @Nullable String id) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** An event without an id. */
  public SseEvent(@Nullable String event, String data) {
    this(event, data, null);
  }
}
