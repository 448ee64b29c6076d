package dev.steward.guard;

import java.util.Objects;

/**
 * What was done to one finding.
 *
 * @param type the kind of data
 * @param action the action taken on it
 * @param start the index of its first character in the original text (for a {@link StreamGuard}, in
 *     the whole stream), in UTF-16 code units
 * @param end the index just past its last character, in UTF-16 code units
 */
public record Applied(PersonalDataType type, PersonalDataAction action, int start, int end) {
  public Applied {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(action, "action");
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "span: [" + start + ", " + end + ") (expected: 0 <= start < end)");
    }
  }

  /** This one with its span moved {@code by} code units further on. */
  Applied shift(int by) {
    return by == 0 ? this : new Applied(type, action, start + by, end + by);
  }
}
