package dev.steward.routing;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.StreamEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A stream whose first event the router already pulled (so it could still fall back); it yields
 * that event first, then the rest, and releases the route's capacity permit once the stream ends,
 * fails or is closed, before the caller sees the end or the failure.
 */
final class PrimedStream implements AsyncChatStream {
  private final AsyncChatStream upstream;
  private final Permit permit;
  private final AtomicBoolean released = new AtomicBoolean();
  private @Nullable StreamEvent first;
  private boolean ended;

  PrimedStream(@Nullable StreamEvent first, AsyncChatStream upstream, Permit permit) {
    this.first = first;
    this.upstream = upstream;
    this.permit = permit;
    if (first == null) {
      end();
    }
  }

  @Override
  public CompletionStage<@Nullable StreamEvent> next() {
    StreamEvent event = first;
    if (event != null) {
      first = null;
      return CompletableFuture.completedFuture(event);
    }
    if (ended) {
      return CompletableFuture.completedFuture(null);
    }
    CompletionStage<@Nullable StreamEvent> next;
    try {
      next = upstream.next();
    } catch (RuntimeException e) {
      end();
      return CompletableFuture.failedFuture(e);
    }
    if (next instanceof CompletableFuture<@Nullable StreamEvent> f && f.isDone()) {
      if (f.isCompletedExceptionally() || f.resultNow() == null) {
        end();
      }
      return next;
    }
    return next.whenComplete(this::observe);
  }

  @Override
  public void close() {
    try {
      upstream.close();
    } finally {
      release();
    }
  }

  private void observe(@Nullable StreamEvent event, @Nullable Throwable error) {
    if (error != null || event == null) {
      end();
    }
  }

  private void end() {
    ended = true;
    release();
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      permit.release();
    }
  }
}
