package dev.steward.server;

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
  public Reply handle(Exchange ex, Next next) {
    ex.principal(authenticator.authenticate(Authenticator.presentedKey(ex::header)));
    return next.proceed(ex);
  }
}
