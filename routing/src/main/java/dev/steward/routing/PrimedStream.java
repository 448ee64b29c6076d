package dev.steward.routing;

import dev.steward.core.ChatStream;
import dev.steward.core.StreamEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A stream whose first event the router already pulled (so it could still fall back); it yields
 * that event first, then the rest, and releases the route's capacity permit once the stream ends,
 * fails or is closed.
 */
final class PrimedStream implements ChatStream {
  private final ChatStream upstream;
  private final Permit permit;
  private final AtomicBoolean released = new AtomicBoolean();
  private @Nullable StreamEvent first;
  private boolean ended;

  PrimedStream(@Nullable StreamEvent first, ChatStream upstream, Permit permit) {
    this.first = first;
    this.upstream = upstream;
    this.permit = permit;
    if (first == null) {
      ended = true;
      release();
    }
  }

  @Override
  public @Nullable StreamEvent next() {
    StreamEvent event = first;
    if (event != null) {
      first = null;
      return event;
    }
    if (ended) {
      return null;
    }
    try {
      event = upstream.next();
    } catch (RuntimeException e) {
      ended = true;
      release();
      throw e;
    }
    if (event == null) {
      ended = true;
      release();
    }
    return event;
  }

  @Override
  public void close() {
    try {
      upstream.close();
    } finally {
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      permit.release();
    }
  }
}
