package dev.steward.policy;

import dev.steward.config.Classification;
import dev.steward.config.ModelConfig;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.UseCaseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *       its provider is sovereign.
 *   <li>No eligible route: denied, naming what each route lacked. Otherwise allowed on exactly the
 *       eligible routes, so fallbacks can never reach an ineligible one.
 * </ol>
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

  /** The label as written in headers, logs and configuration: {@code OFFICIAL-SENSITIVE}. */
  public static String label(Classification c) {
    return c.name().replace('_', '-');
  }

  /**
   * Decides for one request.
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
    Classification classification;
    if (label == null || label.isBlank()) {
      if (useCase.refuseUnlabelled()) {
        return new Decision.Deny(
            Decision.Reason.UNLABELLED,
            "use case "
                + useCase.id()
                + " needs a classification: send "
                + HEADER
                + ": OFFICIAL, OFFICIAL-SENSITIVE, SECRET or TOP-SECRET");
      }
      classification = useCase.defaultClassification();
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
    List<String> eligible = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (RouteConfig route : model.routes()) {
      String problem = ineligibility(route, classification, useCase, providers);
      if (problem == null) {
        eligible.add(route.id());
      } else {
        why.add(route.id() + ": " + problem);
      }
    }
    if (eligible.isEmpty()) {
      return new Decision.Deny(
          Decision.Reason.NO_ELIGIBLE_ROUTE,
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
