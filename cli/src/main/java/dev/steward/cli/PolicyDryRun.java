package dev.steward.cli;

import dev.steward.config.GuardsConfig;
import dev.steward.config.GuardsConfig.InjectionAction;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.guard.Finding;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.guard.PersonalDataType;
import dev.steward.guard.Redactor;
import dev.steward.guard.ScanFailedException;
import dev.steward.injection.InjectionDetector;
import dev.steward.policy.Approvals;
import dev.steward.policy.Decision;
import dev.steward.policy.ModelAccess;
import dev.steward.policy.RoutePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Decides sample requests as the gateway would, without HTTP, keys or models: the use case exists,
 * {@link ModelAccess}, {@link RoutePolicy} (with the case's kill switches and conversation label),
 * then the input guards on the case's text — personal data (any finding whose action is {@code
 * block} refuses {@code guard.personal_data}) and, when the use case checks user messages, prompt
 * injection ({@code block} refuses {@code guard.injection} when flagged). A guard that fails on a
 * text refuses {@code guard.unavailable}, as the gateway fails closed.
 *
 * <p>The injection detector is loaded the first time a case needs it (it takes a second or two).
 */
final class PolicyDryRun {
  private final StewardConfig config;
  private final Supplier<InjectionDetector> loadDetector;
  private final Map<Double, PersonalDataScanner> scanners = new HashMap<>();
  private @Nullable InjectionDetector detector;

  /**
   * @param loadDetector gives the injection detector when a case first needs it; if it cannot, what
   *     it throws ends the run: a model that cannot load is not a decision
   */
  PolicyDryRun(StewardConfig config, Supplier<InjectionDetector> loadDetector) {
    this.config = config;
    this.loadDetector = loadDetector;
  }

  PolicyOutcome decide(PolicyCases.Case c) {
    Optional<UseCaseConfig> found = config.useCase(c.department(), c.service(), c.useCaseId());
    if (found.isEmpty()) {
      return refused(
          ErrorCode.FORBIDDEN.reason(),
          "use case " + c.useCase() + " is not configured; this key cannot be used");
    }
    UseCaseConfig useCase = found.get();
    return switch (ModelAccess.decide(config, c.model(), c.kind(), useCase)) {
      case ModelAccess.Refused refused -> refused(refused.code().reason(), refused.message());
      case ModelAccess.Granted granted -> route(c, useCase, granted.model());
    };
  }

  /** The approvals a case takes as granted: none unless it lists them, never expiring. */
  private static Approvals approvals(PolicyCases.Case c) {
    Map<Approvals.Key, Instant> grants = new HashMap<>();
    for (String version : c.approved()) {
      grants.put(new Approvals.Key(c.useCase(), version), Instant.MAX);
    }
    return new Approvals(grants);
  }

  private PolicyOutcome route(PolicyCases.Case c, UseCaseConfig useCase, ModelConfig model) {
    Decision decision =
        RoutePolicy.decide(
            c.classification(),
            c.conversationLabel(),
            useCase,
            c.useCase(),
            model,
            config.providers(),
            c.killSwitches(),
            approvals(c),
            Instant.EPOCH);
    return switch (decision) {
      case Decision.Deny deny -> refused(deny.reason().code(), deny.message());
      case Decision.Allow allow -> guard(c, useCase, allow);
    };
  }

  private PolicyOutcome guard(PolicyCases.Case c, UseCaseConfig useCase, Decision.Allow allow) {
    String text = c.text();
    if (text == null) {
      return new PolicyOutcome(
          null, null, allow.classification(), allow.eligibleRoutes(), null, null);
    }
    GuardsConfig guards = useCase.guards();
    List<PolicyOutcome.PersonalData> personalData = new ArrayList<>();
    List<Finding> findings;
    try {
      findings = scanner(guards.personalData().minScore()).scan(text);
    } catch (ScanFailedException e) {
      return new PolicyOutcome(
          ErrorCode.GUARD_UNAVAILABLE.reason(),
          "the personal-data guard failed; nothing was passed on unscanned (retry later)",
          allow.classification(),
          allow.eligibleRoutes(),
          null,
          null);
    }
    String blocked = null;
    for (Finding f : findings) {
      PersonalDataType type = type(f.type());
      PersonalDataAction action =
          type == null ? guards.personalData().inputDefault() : guards.personalData().onInput(type);
      personalData.add(
          new PolicyOutcome.PersonalData(f.type(), action, f.start(), f.end(), f.score()));
      if (action == PersonalDataAction.BLOCK && blocked == null) {
        blocked = f.type();
      }
    }
    if (blocked != null) {
      return new PolicyOutcome(
          ErrorCode.GUARD_PERSONAL_DATA.reason(),
          where(c)
              + " holds personal data of type "
              + blocked
              + ", which this use case does not allow to be sent (guards.personal-data.input)",
          allow.classification(),
          allow.eligibleRoutes(),
          personalData,
          null);
    }
    // As in the gateway, the injection guard reads the message as the model would see it: after
    // the personal-data actions.
    String seen =
        guards.personalData().scansInput()
            ? Redactor.create(guards.personalData()::onInput).apply(text, findings).text()
            : text;
    PolicyOutcome.Injection injection =
        c.kind() == ModelKind.CHAT && !text.isBlank()
            ? injection(seen, guards.injection())
            : PolicyOutcome.Injection.OFF;
    if (injection == null) {
      return new PolicyOutcome(
          ErrorCode.GUARD_UNAVAILABLE.reason(),
          "the injection guard failed; the request was not passed on unchecked (retry later)",
          allow.classification(),
          allow.eligibleRoutes(),
          personalData,
          null);
    }
    if (injection.flagged() && injection.action() == InjectionAction.BLOCK) {
      return new PolicyOutcome(
          ErrorCode.GUARD_INJECTION.reason(),
          String.format(
              Locale.ROOT,
              "%s was flagged as prompt injection (score %.2f), which this use case refuses"
                  + " (guards.injection)",
              where(c),
              injection.score()),
          allow.classification(),
          allow.eligibleRoutes(),
          personalData,
          injection);
    }
    return new PolicyOutcome(
        null, null, allow.classification(), allow.eligibleRoutes(), personalData, injection);
  }

  /** The verdict on a user message, {@link PolicyOutcome.Injection#OFF}, or null if it failed. */
  private PolicyOutcome.@Nullable Injection injection(String text, GuardsConfig.Injection guard) {
    if (guard.userMessages() == InjectionAction.OFF) {
      return PolicyOutcome.Injection.OFF;
    }
    InjectionDetector d = detector;
    if (d == null) {
      d = loadDetector.get();
      detector = d;
    }
    double score;
    try {
      score = d.detect(text).score();
    } catch (RuntimeException e) {
      return null; // as the gateway: a detector that fails refuses, never passes the text
    }
    return new PolicyOutcome.Injection(guard.userMessages(), score, score >= guard.threshold());
  }

  /** Where the gateway's messages say the text was: the request's one user message or input. */
  private static String where(PolicyCases.Case c) {
    return c.kind() == ModelKind.CHAT ? "messages[0] (user)" : "input[0]";
  }

  private PersonalDataScanner scanner(double minScore) {
    return scanners.computeIfAbsent(
        minScore, s -> PersonalDataScanner.builder().minScore(s).build());
  }

  private static @Nullable PersonalDataType type(String name) {
    for (PersonalDataType t : PersonalDataType.values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static PolicyOutcome refused(String reason, String message) {
    return new PolicyOutcome(reason, message, null, List.of(), null, null);
  }
}
