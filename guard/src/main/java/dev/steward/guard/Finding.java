package dev.steward.guard;

import java.util.Objects;

/**
 * One piece of personal data found in a text.
 *
 * @param type the kind of data, named as Presidio names it where Presidio has a name for it (see
 *     {@link PersonalDataType})
 * @param start the index of its first character, in UTF-16 code units of the scanned text (Java
 *     {@code String} indexes)
 * @param end the index just past its last character, in UTF-16 code units
 * @param score how sure the detector is, from 0 to 1; context words near the span raise it
 */
public record Finding(String type, int start, int end, double score) {
  public Finding {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type: blank (expected: a type name such as UK_NINO)");
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(
          "span: [" + start + ", " + end + ") (expected: 0 <= start < end)");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score: " + score + " (expected: 0..1)");
    }
  }

  /** The length of the span in UTF-16 code units. */
  public int length() {
    return end - start;
  }
}
