package dev.steward.provider;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One server-sent event: its optional {@code event:} name and its (joined) {@code data:}. */
public record SseEvent(@Nullable String event, String data) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }
}
