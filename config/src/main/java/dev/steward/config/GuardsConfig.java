package dev.steward.config;

import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The guards of a use case: what happens to personal data on the way in and out, to prompt
 * injection, and how AI output is labelled. The root {@code guards:} section sets them for every
 * use case; a use case's own {@code guards:} replaces each sub-section it names.
 *
 * @param personalData the personal-data guard
 * @param injection the injection guard
 * @param label how answers are marked as AI output
 */
public record GuardsConfig(PersonalData personalData, Injection injection, Label label) {
  /** No guard acts: everything allowed, injection unchecked, no label. */
  public static final GuardsConfig NONE =
      new GuardsConfig(PersonalData.NONE, Injection.OFF, Label.NONE);

  public GuardsConfig {
    Objects.requireNonNull(personalData, "personalData");
    Objects.requireNonNull(injection, "injection");
    Objects.requireNonNull(label, "label");
  }

  /**
   * Actions per personal-data type, on requests ({@code input}) and answers ({@code output}).
   *
   * @param input the action per type on what callers send; types not listed get {@code
   *     inputDefault}
   * @param output the action per type on what models answer; never {@code PSEUDONYMISE}
   * @param minScore findings scoring below this are ignored
   */
  public record PersonalData(
      Map<PersonalDataType, PersonalDataAction> input,
      PersonalDataAction inputDefault,
      Map<PersonalDataType, PersonalDataAction> output,
      PersonalDataAction outputDefault,
      double minScore) {
    public static final PersonalData NONE =
        new PersonalData(
            Map.of(), PersonalDataAction.ALLOW, Map.of(), PersonalDataAction.ALLOW, 0.5);

    public PersonalData {
      input = copy(input);
      output = copy(output);
      Objects.requireNonNull(inputDefault, "inputDefault");
      Objects.requireNonNull(outputDefault, "outputDefault");
      if (outputDefault == PersonalDataAction.PSEUDONYMISE
          || output.containsValue(PersonalDataAction.PSEUDONYMISE)) {
        throw new IllegalArgumentException(
            "output: pseudonymise (expected: allow, mask, redact or block; a placeholder in an"
                + " answer could never be restored)");
      }
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("min-score: " + minScore + " (expected: 0..1)");
      }
    }

    public PersonalDataAction onInput(PersonalDataType type) {
      return input.getOrDefault(type, inputDefault);
    }

    public PersonalDataAction onOutput(PersonalDataType type) {
      return output.getOrDefault(type, outputDefault);
    }

    /** Whether requests need scanning: some type is acted on. */
    public boolean scansInput() {
      return inputDefault != PersonalDataAction.ALLOW
          || input.values().stream().anyMatch(a -> a != PersonalDataAction.ALLOW);
    }

    /** Whether answers need scanning: some type is acted on. */
    public boolean scansOutput() {
      return outputDefault != PersonalDataAction.ALLOW
          || output.values().stream().anyMatch(a -> a != PersonalDataAction.ALLOW);
    }

    private static Map<PersonalDataType, PersonalDataAction> copy(
        Map<PersonalDataType, PersonalDataAction> m) {
      return m.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(m));
    }
  }

  /** What the injection guard does with text it flags. */
  public enum InjectionAction {
    /** Not checked. */
    OFF,
    /** Checked; a flagged request goes on, marked in its answer's headers and its log entry. */
    FLAG,
    /** Checked; a flagged request is refused. */
    BLOCK,
    /** Tool results only: the matched injection is cut out of the tool's content. */
    STRIP
  }

  /**
   * The injection guard.
   *
   * @param userMessages what happens when a user (or system) message is flagged: off, flag or block
   * @param toolContent what happens when a tool result is flagged: off, flag, block or strip
   * @param threshold the score from which a text is flagged
   */
  public record Injection(
      InjectionAction userMessages, InjectionAction toolContent, double threshold) {
    public static final Injection OFF =
        new Injection(InjectionAction.OFF, InjectionAction.OFF, 0.5);

    public Injection {
      Objects.requireNonNull(userMessages, "userMessages");
      Objects.requireNonNull(toolContent, "toolContent");
      if (userMessages == InjectionAction.STRIP) {
        throw new IllegalArgumentException(
            "user-messages: strip (expected: off, flag or block; strip applies to tool content)");
      }
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold: " + threshold + " (expected: 0 < t <= 1)");
      }
    }

    public boolean enabled() {
      return userMessages != InjectionAction.OFF || toolContent != InjectionAction.OFF;
    }
  }

  /**
   * How answers are marked as AI output.
   *
   * @param header whether answers carry {@code X-Steward-AI-Generated: true}
   * @param marker text put before each answer's text, if any
   */
  public record Label(boolean header, @Nullable String marker) {
    public static final Label NONE = new Label(false, null);

    public Label {
      if (marker != null && marker.isEmpty()) {
        throw new IllegalArgumentException("marker: empty (expected: text, or omit it)");
      }
    }
  }
}
