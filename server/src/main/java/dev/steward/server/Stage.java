package dev.steward.server;

import java.util.concurrent.CompletionStage;

/**
 * One step of the request path. A stage forwards to {@code next}, answers directly, or fails — by
 * throwing a {@link dev.steward.core.StewardException} or returning a stage that fails with one —
 * nothing else.
 *
 * <p>Stages run on the event loop that received the request: a stage that only computes completes
 * at once ({@link java.util.concurrent.CompletableFuture#completedFuture}); one that must wait (a
 * database lookup, a durable write) does so without blocking, through {@link
 * dev.steward.core.Futures#offload} or an asynchronous client.
 */
interface Stage {

  /** The stage's name as printed in the pipeline order at start-up. */
  String name();

  CompletionStage<Reply> handle(Exchange ex, Next next);

  /** The rest of the pipeline. */
  @FunctionalInterface
  interface Next {
    CompletionStage<Reply> proceed(Exchange ex);
  }
}
