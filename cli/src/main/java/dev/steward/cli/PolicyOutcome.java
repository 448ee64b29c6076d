package dev.steward.cli;

import dev.steward.config.Classification;
import dev.steward.config.GuardsConfig.InjectionAction;
import dev.steward.guard.PersonalDataAction;
import dev.steward.policy.RoutePolicy;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the gateway would decide for one sample request ({@code steward policy test}).
 *
 * @param reason the reason code of a refusal ({@code docs/spec/reasons.md}); null when allowed
 * @param message the refusal's message, as the caller would read it; null when allowed
 * @param classification the request's label, once route policy has labelled it
 * @param routes the eligible routes in the model's order, once route policy has allowed it
 * @param personalData what the personal-data guard found in the text, with the use case's input
 *     action for each; null when the text was not scanned (no text, or refused before the guards)
 * @param injection what the injection guard made of the text; null when it was not reached
 */
record PolicyOutcome(
    @Nullable String reason,
    @Nullable String message,
    @Nullable Classification classification,
    List<String> routes,
    @Nullable List<PersonalData> personalData,
    @Nullable Injection injection) {
  PolicyOutcome {
    routes = List.copyOf(routes);
    personalData = personalData == null ? null : List.copyOf(personalData);
    if ((reason == null) != (message == null)) {
      throw new IllegalArgumentException("reason and message: both or neither");
    }
  }

  boolean allowed() {
    return reason == null;
  }

  /** {@code allow} or {@code refuse}, as in cases files. */
  String decision() {
    return allowed() ? PolicyCases.ALLOW : PolicyCases.REFUSE;
  }

  /** The outcome in one phrase: {@code allow OFFICIAL on [a/b]} or {@code refuse code: message}. */
  String describe() {
    if (reason != null) {
      return "refuse " + reason + ": " + message;
    }
    return "allow " + (classification == null ? "" : label(classification) + " ") + "on " + routes;
  }

  static String label(Classification c) {
    return RoutePolicy.label(c);
  }

  /**
   * One piece of personal data found, and the action the use case takes on it in requests.
   *
   * @param type a {@link dev.steward.guard.PersonalDataType} name
   * @param start UTF-16 offset of its first character in the text
   * @param end UTF-16 offset just past it
   */
  record PersonalData(String type, PersonalDataAction action, int start, int end, double score) {
    PersonalData {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(action, "action");
    }

    /** {@code UK_NINO: block}. */
    @Override
    public String toString() {
      return type + ": " + action.wire();
    }
  }

  /**
   * The injection guard's verdict on the text.
   *
   * @param action the use case's action on flagged user messages; {@code OFF}: not checked
   * @param score the detector's score; null when not checked
   * @param flagged whether the score reached the use case's threshold
   */
  record Injection(InjectionAction action, @Nullable Double score, boolean flagged) {
    Injection {
      Objects.requireNonNull(action, "action");
      if ((action == InjectionAction.OFF) != (score == null)) {
        throw new IllegalArgumentException("score: given exactly when the guard is on");
      }
    }

    static final Injection OFF = new Injection(InjectionAction.OFF, null, false);

    /** {@code off}, {@code flagged} or {@code clean}, as in cases files. */
    String state() {
      if (score == null) {
        return PolicyCases.INJECTION_OFF;
      }
      return flagged ? PolicyCases.INJECTION_FLAGGED : PolicyCases.INJECTION_CLEAN;
    }

    @Override
    public String toString() {
      return score == null ? state() : state() + String.format(Locale.ROOT, " (score %.3f)", score);
    }
  }
}
