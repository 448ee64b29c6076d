package dev.steward.server;

import java.util.concurrent.CompletionStage;

/**
 * Decodes the request body from the caller's wire shape into the canonical request. It runs after
 * authentication, so a caller without a valid key never has its body parsed.
 */
final class DecodeStage implements Stage {
  @Override
  public String name() {
    return "decode";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    ex.decode();
    return next.proceed(ex);
  }
}
