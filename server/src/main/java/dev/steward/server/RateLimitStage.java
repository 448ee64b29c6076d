package dev.steward.server;

import dev.steward.config.DepartmentConfig;
import dev.steward.config.RateLimit;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.Usage;
import dev.steward.policy.RateLimiter;
import dev.steward.store.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Applies requests-per-minute and tokens-per-minute limits of the API key (its use case's {@code
 * rate-limit-per-key}) and of the service ({@code rate-limit}), or refuses the request ({@code
 * rate_limit.exceeded}, 429, with {@code Retry-After}). Tokens are counted once the answer has
 * ended, from the usage the provider reported.
 */
final class RateLimitStage implements Stage {
  private final StewardConfig config;
  private final RateLimiter limiter;

  RateLimitStage(StewardConfig config, RateLimiter limiter) {
    this.config = config;
    this.limiter = limiter;
  }

  @Override
  public String name() {
    return "rate limit";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    Principal p = ex.requirePrincipal();
    List<RateLimiter.Scoped> limits = new ArrayList<>(2);
    RateLimit perKey = ex.requireUseCase().rateLimitPerKey();
    if (!perKey.isEmpty()) {
      limits.add(new RateLimiter.Scoped("key '" + ex.keyId() + "'", perKey));
    }
    DepartmentConfig department = config.departments().get(p.department());
    ServiceConfig service = department == null ? null : department.services().get(p.service());
    if (service != null && !service.rateLimit().isEmpty()) {
      limits.add(
          new RateLimiter.Scoped(
              "service '" + p.department() + "/" + p.service() + "'", service.rateLimit()));
    }
    if (limits.isEmpty()) {
      return next.proceed(ex);
    }
    return switch (limiter.admit(limits)) {
      case RateLimiter.Limited l ->
          throw new StewardException(
              ErrorCode.RATE_LIMITED, l.message(), null, l.retryAfter(), null);
      case RateLimiter.Admitted admitted -> {
        if (limits.stream().anyMatch(s -> s.limit().tokensPerMinute() != null)) {
          ex.onComplete(
              () -> {
                Usage usage = ex.usage();
                limiter.used(admitted, usage.inputTokens() + usage.outputTokens());
              });
        }
        yield next.proceed(ex);
      }
    };
  }
}
