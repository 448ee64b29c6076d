package dev.steward.server;

import dev.steward.config.Classification;
import dev.steward.config.ModelConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.policy.Approvals;
import dev.steward.policy.Decision;
import dev.steward.policy.KillSwitches;
import dev.steward.policy.RoutePolicy;
import dev.steward.store.ConversationLabelStorage;
import dev.steward.store.Principal;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link RoutePolicy}: labels the request with its classification (the {@code
 * X-Steward-Classification} header or the use case's default, and never lower than the highest
 * label its conversation has carried) and restricts routing to the routes that may receive it —
 * provider ceilings, the use case's residencies, SECRET and above only to sovereign routes, no
 * provider a kill switch stops, and for a use case gated on safety evidence only model versions
 * holding an approval for it ({@link ApprovalWatcher}) — or refuses the request with the policy's
 * reason.
 *
 * <p>A request names its conversation with {@code X-Steward-Conversation}; the conversation's
 * highest label is kept in the store (per department, service and use case), so every node applies
 * it.
 */
final class PolicyStage implements Stage {
  /** The request header naming the conversation a request belongs to. */
  static final String CONVERSATION = "X-Steward-Conversation";

  private static final Pattern CONVERSATION_ID = Pattern.compile("[\\x21-\\x7e]{1,64}");

  private final StewardConfig config;
  private final Supplier<KillSwitches> switches;
  private final Supplier<Approvals> approvals;
  private final @Nullable ConversationLabelStorage conversations;
  private final InstantSource clock;

  PolicyStage(
      StewardConfig config,
      Supplier<KillSwitches> switches,
      Supplier<Approvals> approvals,
      @Nullable ConversationLabelStorage conversations,
      InstantSource clock) {
    this.config = config;
    this.switches = switches;
    this.approvals = approvals;
    this.conversations = conversations;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    Principal principal = ex.requirePrincipal();
    UseCaseConfig useCase = ex.requireUseCase();
    String label = ex.header(RoutePolicy.HEADER);
    String conversation = ex.header(CONVERSATION);
    ConversationLabelStorage store = conversations;
    Classification own = RoutePolicy.ownLabel(label, useCase).orElse(null);
    if (conversation == null || store == null || own == null) {
      // No conversation, or a label that policy refuses anyway.
      return decided(ex, next, label, null, useCase);
    }
    String id = conversation.strip();
    if (!CONVERSATION_ID.matcher(id).matches()) {
      throw StewardException.invalid(
          CONVERSATION,
          CONVERSATION
              + ": '"
              + HttpFront.clip(conversation)
              + "' (expected: 1..64 printable ASCII characters without spaces)");
    }
    String key =
        KillSwitches.useCase(principal.department(), principal.service(), principal.useCase())
            + "/"
            + id;
    // The stored level is the classification's ordinal: OFFICIAL 0 … TOP-SECRET 3.
    return Futures.offload(() -> store.raise(key, own.ordinal(), clock.instant()))
        .thenComposeAsync(
            level -> decided(ex, next, label, Classification.values()[level], useCase),
            Loops.here());
  }

  private CompletionStage<Reply> decided(
      Exchange ex,
      Next next,
      @Nullable String label,
      @Nullable Classification conversationLabel,
      UseCaseConfig useCase) {
    ModelConfig model = ex.model();
    if (model == null) {
      throw new IllegalStateException("policy stage reached without a model");
    }
    Principal p = ex.requirePrincipal();
    Decision decision =
        RoutePolicy.decide(
            label,
            conversationLabel,
            useCase,
            KillSwitches.useCase(p.department(), p.service(), p.useCase()),
            model,
            config.providers(),
            switches.get(),
            approvals.get(),
            clock.instant());
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
      case NOT_APPROVED -> ErrorCode.POLICY_NOT_APPROVED;
      case KILL_SWITCH -> ErrorCode.KILL_SWITCH;
    };
  }
}
