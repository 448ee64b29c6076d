package dev.steward.server;

/**
 * One step of the request path. A stage forwards to {@code next}, answers directly, or fails by
 * throwing a {@link dev.steward.core.StewardException} — nothing else.
 */
interface Stage {

  /** The stage's name as printed in the pipeline order at start-up. */
  String name();

  Reply handle(Exchange ex, Next next);

  /** The rest of the pipeline. */
  @FunctionalInterface
  interface Next {
    Reply proceed(Exchange ex);
  }
}
