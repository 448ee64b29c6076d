package dev.steward.server;

import dev.steward.config.ModelConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.policy.Decision;
import dev.steward.policy.RoutePolicy;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Applies {@link RoutePolicy}: labels the request with its classification (the {@code
 * X-Steward-Classification} header or the use case's default) and restricts routing to the routes
 * that may receive it — provider ceilings, the use case's residencies, and SECRET and above only to
 * sovereign routes — or refuses the request with the policy's reason.
 */
final class PolicyStage implements Stage {
  private final StewardConfig config;

  PolicyStage(StewardConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    ModelConfig model = ex.model();
    if (model == null) {
      throw new IllegalStateException("policy stage reached without a model");
    }
    Decision decision =
        RoutePolicy.decide(
            ex.header(RoutePolicy.HEADER),
            ModelAccessStage.useCase(config, ex.requirePrincipal()),
            model,
            config.providers());
    return switch (decision) {
      case Decision.Allow allow -> {
        ex.classification(allow.classification());
        ex.eligibleRoutes(Set.copyOf(allow.eligibleRoutes()));
        yield next.proceed(ex);
      }
      case Decision.Deny deny -> throw new StewardException(code(deny.reason()), deny.message());
    };
  }

  private static ErrorCode code(Decision.Reason reason) {
    return switch (reason) {
      case INVALID_CLASSIFICATION -> ErrorCode.POLICY_INVALID_CLASSIFICATION;
      case UNLABELLED -> ErrorCode.POLICY_UNLABELLED;
      case NO_ELIGIBLE_ROUTE -> ErrorCode.POLICY_NO_ELIGIBLE_ROUTE;
      case KILL_SWITCH -> ErrorCode.KILL_SWITCH;
    };
  }
}
