package dev.steward.guard;

import java.util.Locale;
import java.util.Optional;

/**
 * What a guard does with a piece of personal data it found. Configured per {@link PersonalDataType}
 * and use case; {@code docs/spec/personal-data.md} shows each on an example.
 */
public enum PersonalDataAction {
  /** Pass it on unchanged (it is still counted). */
  ALLOW,
  /** Replace every character but the last four letters or digits with {@code *}. */
  MASK,
  /** Replace it with its type in brackets, e.g. {@code [UK_NINO]}. */
  REDACT,
  /** Refuse the request (or, on output, withhold the answer). */
  BLOCK,
  /**
   * Replace it with a placeholder, e.g. {@code <UK_NINO_1>}, the same for the same value within a
   * request, and put the value back where the placeholder appears in the answer.
   */
  PSEUDONYMISE;

  /** The action's name in configuration and logs: {@code pseudonymise}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a configured action name ({@code mask}); empty if it names none. */
  public static Optional<PersonalDataAction> parse(String name) {
    for (PersonalDataAction a : values()) {
      if (a.wire().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
