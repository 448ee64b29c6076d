package dev.steward.server;

import java.util.concurrent.CompletionStage;

/**
 * Turns the caller's API key into a principal. The key comes from {@code Authorization: Bearer}
 * (OpenAI SDKs) or {@code x-api-key} (Anthropic SDKs).
 */
final class AuthenticateStage implements Stage {
  private final Authenticator authenticator;

  AuthenticateStage(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public String name() {
    return "authenticate";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    return authenticator
        .authenticateAsync(Authenticator.presentedKey(ex::header))
        .thenCompose(
            key -> {
              ex.principal(key.principal());
              ex.keyId(key.id());
              return next.proceed(ex);
            });
  }
}
