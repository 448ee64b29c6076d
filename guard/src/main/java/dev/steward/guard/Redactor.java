package dev.steward.guard;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One request's transformation of personal data: applies a {@link PersonalDataAction} to each
 * finding, and holds the pseudonym table of that request so that placeholders in the answer can be
 * put back. Not thread-safe; one per request.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.create(type -> PersonalDataAction.PSEUDONYMISE);
 * String prompt = "Write to Sarah Jones about AB 12 34 56 C.";
 * Redaction r = redactor.apply(prompt, scanner.scan(prompt));
 * // r.text(): "Write to <PERSON_1> about <UK_NINO_1>."
 * redactor.restore("Dear <PERSON_1>, ...");  // "Dear Sarah Jones, ..."
 * }</pre>
 *
 * <ul>
 *   <li>{@link PersonalDataAction#ALLOW} leaves the span as it is.
 *   <li>{@link PersonalDataAction#MASK} keeps the last four letters or digits and replaces every
 *       other letter or digit with {@code *}, keeping separators ({@code AB 12 34 56 C} becomes
 *       {@code ** ** *4 56 C}); a value of four letters or digits or fewer is masked whole.
 *   <li>{@link PersonalDataAction#REDACT} replaces it with {@code [TYPE]}, e.g. {@code [UK_NINO]}.
 *   <li>{@link PersonalDataAction#BLOCK} replaces it as REDACT does and sets {@link
 *       Redaction#blocked()}: the caller refuses.
 *   <li>{@link PersonalDataAction#PSEUDONYMISE} replaces it with {@code <TYPE_n>}, {@code n}
 *       counting from 1 per type in order of first appearance. The same value (compared with spaces
 *       and hyphens removed, case-folded) gets the same placeholder for the life of the redactor,
 *       across {@link #apply} calls. A placeholder that already occurs literally in the text being
 *       transformed is skipped, so that {@link #restore} never mistakes the caller's own text for
 *       one.
 * </ul>
 */
public final class Redactor {
  /** The longest a placeholder can be: {@code <}, a type name, {@code _}, ten digits, {@code >}. */
  static final int MAX_PLACEHOLDER = maxTypeName() + 13;

  private final Function<PersonalDataType, PersonalDataAction> actions;
  private final EnumMap<PersonalDataType, PersonalDataAction> resolved =
      new EnumMap<>(PersonalDataType.class);

  /** Placeholder to the first-seen spelling of its value. Sorted, for prefix look-ups. */
  private final TreeMap<String, String> originals = new TreeMap<>();

  /** Type and normalised value to its placeholder. */
  private final Map<String, String> placeholders = new HashMap<>();

  private final EnumMap<PersonalDataType, Integer> issued = new EnumMap<>(PersonalDataType.class);

  private Redactor(Function<PersonalDataType, PersonalDataAction> actions) {
    this.actions = actions;
  }

  /**
   * A redactor taking, for each type, the action {@code actions} gives. The function is asked once
   * per type, when a finding of that type is first seen; it must not return {@code null}.
   */
  public static Redactor create(Function<PersonalDataType, PersonalDataAction> actions) {
    return new Redactor(Objects.requireNonNull(actions, "actions"));
  }

  /**
   * Applies the actions to the findings, which must come from {@link PersonalDataScanner#scan} of
   * exactly this text: sorted by start, not overlapping, within the text.
   *
   * @throws IllegalArgumentException if a finding lies outside the text, overlaps the one before it
   *     or has a type that is not a {@link PersonalDataType}
   */
  public Redaction apply(String text, List<Finding> findings) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(findings, "findings");
    if (findings.isEmpty()) {
      return new Redaction(text, List.of(), null);
    }
    StringBuilder out = new StringBuilder(text.length() + 16 * findings.size());
    List<Applied> applied = new ArrayList<>(findings.size());
    Applied blocked = null;
    int p = 0;
    for (Finding f : findings) {
      if (f.start() < p || f.end() > text.length()) {
        throw new IllegalArgumentException(
            "finding: "
                + f.type()
                + " ["
                + f.start()
                + ", "
                + f.end()
                + ") (expected: sorted, not overlapping, within a text of "
                + text.length()
                + " chars)");
      }
      PersonalDataType type = typeOf(f);
      PersonalDataAction action = action(type);
      out.append(text, p, f.start());
      switch (action) {
        case ALLOW -> out.append(text, f.start(), f.end());
        case MASK -> mask(text, f.start(), f.end(), out);
        case REDACT, BLOCK -> out.append('[').append(type.name()).append(']');
        case PSEUDONYMISE -> out.append(pseudonym(type, text.substring(f.start(), f.end()), text));
      }
      Applied a = new Applied(type, action, f.start(), f.end());
      applied.add(a);
      if (action == PersonalDataAction.BLOCK && blocked == null) {
        blocked = a;
      }
      p = f.end();
    }
    out.append(text, p, text.length());
    return new Redaction(out.toString(), applied, blocked);
  }

  /**
   * The text with every placeholder this redactor issued replaced by the first-seen spelling of its
   * value. Anything else, including placeholder-shaped text this redactor did not issue, is left as
   * it is.
   */
  public String restore(String text) {
    Objects.requireNonNull(text, "text");
    if (originals.isEmpty()) {
      return text;
    }
    int lt = text.indexOf('<');
    if (lt < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int p = 0;
    while (lt >= 0) {
      int gt = text.indexOf('>', lt + 1);
      if (gt < 0) {
        break;
      }
      String original =
          gt - lt < MAX_PLACEHOLDER ? originals.get(text.substring(lt, gt + 1)) : null;
      if (original != null) {
        out.append(text, p, lt).append(original);
        p = gt + 1;
        lt = text.indexOf('<', p);
      } else {
        lt = text.indexOf('<', lt + 1);
      }
    }
    return out.append(text, p, text.length()).toString();
  }

  /**
   * A streaming restorer over this redactor's placeholders (including those issued after it was
   * made): feed it the answer's deltas, release what it returns.
   */
  public Restorer restorer() {
    return new Restorer(this);
  }

  /** Whether any placeholder was issued. */
  public boolean pseudonymised() {
    return !originals.isEmpty();
  }

  /** The action for a type, asked of the configured function once. */
  PersonalDataAction action(PersonalDataType type) {
    PersonalDataAction a = resolved.get(type);
    if (a == null) {
      a = actions.apply(type);
      if (a == null) {
        throw new NullPointerException("actions returned null for " + type);
      }
      resolved.put(type, a);
    }
    return a;
  }

  /**
   * Where a placeholder this redactor issued may begin at the end of {@code s} without being
   * complete yet ({@code "... <PERS"}): the index of that {@code <}, or {@code s.length()} if the
   * end cannot be the start of one.
   */
  int partialPlaceholderStart(CharSequence s) {
    int n = s.length();
    if (originals.isEmpty()) {
      return n;
    }
    for (int p = n - 1; p >= 0 && n - p < MAX_PLACEHOLDER; p--) {
      if (s.charAt(p) == '<') {
        String tail = s.subSequence(p, n).toString();
        String next = originals.ceilingKey(tail);
        return next != null && next.length() > tail.length() && next.startsWith(tail) ? p : n;
      }
    }
    return n;
  }

  static PersonalDataType typeOf(Finding f) {
    try {
      return PersonalDataType.valueOf(f.type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "finding type: " + f.type() + " (expected: a PersonalDataType name)", e);
    }
  }

  private String pseudonym(PersonalDataType type, String value, String text) {
    String key = type.name() + ':' + normalise(value);
    String placeholder = placeholders.get(key);
    if (placeholder == null) {
      int n = issued.getOrDefault(type, 0);
      do {
        n++;
        placeholder = "<" + type.name() + "_" + n + ">";
      } while (text.contains(placeholder));
      issued.put(type, n);
      placeholders.put(key, placeholder);
      originals.put(placeholder, value);
    }
    return placeholder;
  }

  /** The value with white space and hyphens removed, case-folded: how values are compared. */
  static String normalise(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && !isHyphen(c)) {
        b.append(c);
      }
    }
    return b.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  private static boolean isHyphen(char c) {
    return c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2012' || c == '\u2013';
  }

  /**
   * Appends {@code text[start, end)} with every letter or digit but the last four replaced by
   * {@code *} (all of them when there are four or fewer); other characters are kept. A letter
   * outside the BMP becomes one {@code *}.
   */
  static void mask(String text, int start, int end, StringBuilder out) {
    int letters = 0;
    for (int k = start; k < end; ) {
      int cp = text.codePointAt(k);
      if (Character.isLetterOrDigit(cp)) {
        letters++;
      }
      k += Character.charCount(cp);
    }
    int hide = letters <= 4 ? letters : letters - 4;
    for (int k = start; k < end; ) {
      int cp = text.codePointAt(k);
      if (Character.isLetterOrDigit(cp) && hide > 0) {
        out.append('*');
        hide--;
      } else {
        out.appendCodePoint(cp);
      }
      k += Character.charCount(cp);
    }
  }

  private static int maxTypeName() {
    int max = 0;
    for (PersonalDataType t : PersonalDataType.values()) {
      max = Math.max(max, t.name().length());
    }
    return max;
  }

  @Override
  public String toString() {
    // Never the values: they are personal data.
    return "Redactor[placeholders=" + originals.size() + "]";
  }
}
