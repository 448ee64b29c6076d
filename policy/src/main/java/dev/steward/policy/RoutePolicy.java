package dev.steward.policy;

import dev.steward.config.Classification;
import dev.steward.config.ModelConfig;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.UseCaseConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which classification a request carries and which of its model's routes may see it. A pure
 * function of the label the caller sent, the use case's rules and the providers' ceilings:
 *
 * <ol>
 *   <li>The label is the {@code X-Steward-Classification} header ({@code OFFICIAL}, {@code
 *       OFFICIAL-SENSITIVE}, {@code SECRET}, {@code TOP-SECRET}; case and {@code -}/{@code _}/space
 *       do not matter); without one, the use case's default, or a denial when the use case refuses
 *       unlabelled requests.
 *   <li>A route is eligible when its provider's {@code max-classification} is at least the label,
 *       its provider's residency is one the use case allows, and — for {@code SECRET} and above —
 *       its provider is sovereign; and, where the use case gates on evaluation evidence ({@code
 *       approvals:}) and approvals are enforced, its {@link ModelVersion model version} holds an
 *       active approval for the use case.
 *   <li>No eligible route: denied, naming what each route lacked ({@code policy.not_approved} when
 *       every route lacked only an approval). Otherwise allowed on exactly the eligible routes, so
 *       fallbacks can never reach an ineligible one.
 * </ol>
 *
 * <p>Approvals are enforced only by the overload that is given them. The others are for callers
 * that hold no approvals (checks of the classification rules alone, such as {@code steward policy
 * lint}): they decide as if no use case gated on evidence, rather than as if nothing were approved,
 * which would refuse every request of a gated use case.
 */
public final class RoutePolicy {
  /** The request header that carries the label. */
  public static final String HEADER = "X-Steward-Classification";

  private RoutePolicy() {}

  /** Reads a label as callers write it; empty if it names no classification. */
  public static Optional<Classification> parseLabel(String label) {
    String normal = label.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    for (Classification c : Classification.values()) {
      if (c.name().equals(normal)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * The label a request carries on its own, before its conversation's: the header's, or the use
   * case's default. Empty when {@link #decide} refuses the request for its label (invalid, or
   * missing where the use case refuses unlabelled requests).
   */
  public static Optional<Classification> ownLabel(@Nullable String label, UseCaseConfig useCase) {
    if (label == null || label.isBlank()) {
      return useCase.refuseUnlabelled()
          ? Optional.empty()
          : Optional.of(useCase.defaultClassification());
    }
    return parseLabel(label);
  }

  /** The label as written in headers, logs and configuration: {@code OFFICIAL-SENSITIVE}. */
  public static String label(Classification c) {
    return c.name().replace('_', '-');
  }

  /**
   * Decides for one request, with no kill switch engaged and no earlier label in its conversation;
   * approvals are not enforced.
   *
   * @param label the caller's {@code X-Steward-Classification} header, if any
   * @param useCase the calling key's use case
   * @param model the model alias asked for
   * @param providers every configured provider, by id
   */
  public static Decision decide(
      @Nullable String label,
      UseCaseConfig useCase,
      ModelConfig model,
      Map<String, ProviderConfig> providers) {
    return decide(label, null, useCase, null, model, providers, KillSwitches.NONE, null);
  }

  /**
   * Decides for one request; approvals are not enforced (a use case's {@code approvals:} rules are
   * ignored). The gateway uses {@link #decide(String, Classification, UseCaseConfig, String,
   * ModelConfig, Map, KillSwitches, Approvals, Instant) the overload with approvals}.
   *
   * @param label the caller's {@code X-Steward-Classification} header, if any
   * @param conversationLabel the highest label the request's conversation has carried before, if it
   *     belongs to one: the request is labelled no lower
   * @param useCase the calling key's use case
   * @param useCaseTarget the use case as a kill-switch target ({@code
   *     department/service/use-case}), or null to ignore use-case switches
   * @param model the model alias asked for
   * @param providers every configured provider, by id
   * @param switches the kill switches engaged now
   */
  public static Decision decide(
      @Nullable String label,
      @Nullable Classification conversationLabel,
      UseCaseConfig useCase,
      @Nullable String useCaseTarget,
      ModelConfig model,
      Map<String, ProviderConfig> providers,
      KillSwitches switches) {
    return decide(
        label, conversationLabel, useCase, useCaseTarget, model, providers, switches, null);
  }

  /**
   * Decides for one request, enforcing approvals: where the use case gates on evaluation evidence,
   * a route is eligible only while its {@link ModelVersion model version} holds an approval for
   * {@code useCaseTarget} that expires after {@code now}.
   *
   * @param label the caller's {@code X-Steward-Classification} header, if any
   * @param conversationLabel the highest label the request's conversation has carried before, if it
   *     belongs to one: the request is labelled no lower
   * @param useCase the calling key's use case
   * @param useCaseTarget the use case as {@code department/service/use-case}: its kill-switch
   *     target and the use case its approvals are for
   * @param model the model alias asked for
   * @param providers every configured provider, by id
   * @param switches the kill switches engaged now
   * @param approvals the approvals in force
   * @param now the time of the request, against which approvals expire
   */
  public static Decision decide(
      @Nullable String label,
      @Nullable Classification conversationLabel,
      UseCaseConfig useCase,
      String useCaseTarget,
      ModelConfig model,
      Map<String, ProviderConfig> providers,
      KillSwitches switches,
      Approvals approvals,
      Instant now) {
    Objects.requireNonNull(useCaseTarget, "useCaseTarget");
    Objects.requireNonNull(approvals, "approvals");
    Objects.requireNonNull(now, "now");
    return decide(
        label,
        conversationLabel,
        useCase,
        useCaseTarget,
        model,
        providers,
        switches,
        new Enforced(approvals, now));
  }

  /** Approvals to enforce, and the time to enforce them at. */
  private record Enforced(Approvals approvals, Instant now) {}

  /** The decision; {@code enforced} null when approvals are not enforced. */
  private static Decision decide(
      @Nullable String label,
      @Nullable Classification conversationLabel,
      UseCaseConfig useCase,
      @Nullable String useCaseTarget,
      ModelConfig model,
      Map<String, ProviderConfig> providers,
      KillSwitches switches,
      @Nullable Enforced enforced) {
    if (useCaseTarget != null && switches.useCases().contains(useCaseTarget)) {
      return new Decision.Deny(
          Decision.Reason.KILL_SWITCH,
          "use case " + useCaseTarget + " is stopped by a kill switch; ask its service owner");
    }
    if (switches.models().contains(model.alias())) {
      return new Decision.Deny(
          Decision.Reason.KILL_SWITCH, "model " + model.alias() + " is stopped by a kill switch");
    }
    Classification classification;
    if (label == null || label.isBlank()) {
      if (useCase.refuseUnlabelled() && conversationLabel == null) {
        return new Decision.Deny(
            Decision.Reason.UNLABELLED,
            "use case "
                + useCase.id()
                + " needs a classification: send "
                + HEADER
                + ": OFFICIAL, OFFICIAL-SENSITIVE, SECRET or TOP-SECRET");
      }
      classification =
          conversationLabel != null && useCase.refuseUnlabelled()
              ? conversationLabel
              : useCase.defaultClassification();
    } else {
      Optional<Classification> parsed = parseLabel(label);
      if (parsed.isEmpty()) {
        return new Decision.Deny(
            Decision.Reason.INVALID_CLASSIFICATION,
            HEADER
                + ": '"
                + shorten(label)
                + "' (expected: OFFICIAL, OFFICIAL-SENSITIVE, SECRET or TOP-SECRET)");
      }
      classification = parsed.get();
    }
    if (conversationLabel != null && conversationLabel.compareTo(classification) > 0) {
      classification = conversationLabel;
    }
    String gate = enforced != null && useCase.approvals().gated() ? useCaseTarget : null;
    List<String> eligible = new ArrayList<>();
    List<String> why = new ArrayList<>();
    boolean killed = false;
    int unapproved = 0;
    for (RouteConfig route : model.routes()) {
      String problem =
          switches.providers().contains(route.provider())
              ? "provider stopped by a kill switch"
              : ineligibility(route, classification, useCase, providers);
      killed |= switches.providers().contains(route.provider());
      if (problem == null && gate != null && enforced != null) {
        String version = ModelVersion.of(route);
        if (!enforced.approvals().approved(gate, version, enforced.now())) {
          problem = "not approved for " + gate + " (model version " + version + ")";
          unapproved++;
        }
      }
      if (problem == null) {
        eligible.add(route.id());
      } else {
        why.add(route.id() + ": " + problem);
      }
    }
    if (eligible.isEmpty() && !killed && unapproved > 0 && unapproved == why.size()) {
      return new Decision.Deny(
          Decision.Reason.NOT_APPROVED,
          "no route of "
              + model.alias()
              + " is approved for use case "
              + gate
              + " ("
              + String.join("; ", why)
              + ")");
    }
    if (eligible.isEmpty()) {
      return new Decision.Deny(
          killed ? Decision.Reason.KILL_SWITCH : Decision.Reason.NO_ELIGIBLE_ROUTE,
          "no route of "
              + model.alias()
              + " may receive "
              + label(classification)
              + " data for use case "
              + useCase.id()
              + " ("
              + String.join("; ", why)
              + ")");
    }
    return new Decision.Allow(classification, eligible);
  }

  private static @Nullable String ineligibility(
      RouteConfig route,
      Classification classification,
      UseCaseConfig useCase,
      Map<String, ProviderConfig> providers) {
    ProviderConfig provider = providers.get(route.provider());
    if (provider == null) {
      return "provider not configured";
    }
    if (!classification.atMost(provider.maxClassification())) {
      return "ceiling " + label(provider.maxClassification());
    }
    if (classification.compareTo(Classification.SECRET) >= 0 && !provider.sovereign()) {
      return "not sovereign";
    }
    if (!useCase.residencies().contains(provider.residency())) {
      return "residency " + provider.residency();
    }
    return null;
  }

  private static String shorten(String s) {
    String v = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return v.replaceAll("[\\p{Cntrl}]", "?");
  }
}
