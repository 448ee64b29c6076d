package dev.steward.guard;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds personal data in text: UK identifiers (National Insurance, NHS, UTR, passport, driving
 * licence, postcode, sort code and account, IBAN), payment cards, telephone numbers, email and IP
 * addresses. Each detector validates what it finds (checksums, issued ranges, formats) and scores
 * it; words nearby ("NHS number", "passport") raise the score, and some identifiers are reported
 * only beside such words.
 *
 * <p>Immutable and thread-safe. One pass over the text finds candidate positions; only candidates
 * are validated, so scanning costs little more than reading the text.
 *
 * <pre>{@code
 * PersonalDataScanner scanner = PersonalDataScanner.create();
 * List<Finding> found = scanner.scan("My NI number is AB 12 34 56 C.");
 * // [Finding[type=UK_NINO, start=16, end=29, score=0.99]]
 * }</pre>
 *
 * <p>Overlapping candidates are resolved before they are returned: the higher score wins, then the
 * longer span, then the earlier start, then the type name in alphabetical order. Candidates below
 * the minimum score or of types not chosen never take part.
 */
public final class PersonalDataScanner {
  /** The score a finding needs by default to be reported. */
  public static final double DEFAULT_MIN_SCORE = 0.5;

  private final Set<PersonalDataType> types;
  private final int typeMask;
  private final double minScore;

  private PersonalDataScanner(Set<PersonalDataType> types, double minScore) {
    this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
    int mask = 0;
    for (PersonalDataType t : types) {
      mask |= 1 << t.ordinal();
    }
    this.typeMask = mask;
    this.minScore = minScore;
  }

  /**
   * A scanner for every type, reporting findings that score {@value #DEFAULT_MIN_SCORE} or more.
   */
  public static PersonalDataScanner create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The personal data in {@code text}, sorted by start, without overlaps. Offsets are in UTF-16
   * code units of the text.
   *
   * @throws ScanFailedException if a detector fails; the text must then be treated as unscanned
   */
  public List<Finding> scan(CharSequence text) {
    Objects.requireNonNull(text, "text");
    char[] s = text.toString().toCharArray();
    try {
      return new Scan(s, typeMask, minScore).run();
    } catch (RuntimeException | StackOverflowError e) {
      throw new ScanFailedException(
          "personal-data scan failed on a text of "
              + s.length
              + " chars: "
              + e.getClass().getName(),
          e);
    }
  }

  /** The types this scanner reports. */
  public Set<PersonalDataType> types() {
    return types;
  }

  /** The score a finding needs to be reported. */
  public double minScore() {
    return minScore;
  }

  @Override
  public String toString() {
    return "PersonalDataScanner[types=" + types + ", minScore=" + minScore + "]";
  }

  /** Chooses the types and the minimum score; each option may be set once. */
  public static final class Builder {
    private @Nullable Set<PersonalDataType> types;
    private double minScore = Double.NaN;

    private Builder() {}

    /** Report only these types (default: all). */
    public Builder types(PersonalDataType... types) {
      return types(Arrays.asList(types));
    }

    /** Report only these types (default: all). */
    public Builder types(Collection<PersonalDataType> types) {
      Objects.requireNonNull(types, "types");
      if (this.types != null) {
        throw new IllegalStateException("types was already set to " + this.types);
      }
      if (types.isEmpty()) {
        throw new IllegalArgumentException("types: [] (expected: at least one type)");
      }
      for (PersonalDataType t : types) {
        Objects.requireNonNull(t, "types contains null");
      }
      this.types = EnumSet.copyOf(types);
      return this;
    }

    /** Report only findings scoring at least this (default {@value #DEFAULT_MIN_SCORE}). */
    public Builder minScore(double minScore) {
      if (!Double.isNaN(this.minScore)) {
        throw new IllegalStateException("minScore was already set to " + this.minScore);
      }
      if (!(minScore >= 0 && minScore <= 1)) {
        throw new IllegalArgumentException("minScore: " + minScore + " (expected: 0..1)");
      }
      this.minScore = minScore;
      return this;
    }

    public PersonalDataScanner build() {
      Set<PersonalDataType> chosen = types == null ? EnumSet.allOf(PersonalDataType.class) : types;
      return new PersonalDataScanner(chosen, Double.isNaN(minScore) ? DEFAULT_MIN_SCORE : minScore);
    }
  }
}
