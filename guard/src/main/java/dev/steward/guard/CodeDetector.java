package dev.steward.guard;

/**
 * Identifiers that start with letters: National Insurance number, postcode, GB IBAN and DVLA
 * driving licence number. Called at the start of each run of ASCII letters and digits; runs with no
 * digit are checked only for the spaced forms ({@code AB 12 34 56 C}, {@code MORGA 753116 SM9IJ},
 * {@code GIR 0AA}, {@code BFPO 123}) and then handed to {@link NameDetector}.
 */
final class CodeDetector {
  static final Context NINO = Context.of("national insurance", "ni", "nino", "nin", "insurance");
  static final Context POSTCODE =
      Context.of(
          "postcode*",
          "post code*",
          "address*",
          "live*",
          "living",
          "moved",
          "postal",
          "reside*",
          "home");
  static final Context IBAN = Context.of("iban", "bank*", "account*", "transfer*", "pay*");
  static final Context LICENCE =
      Context.of("driving licence*", "driving license*", "driver*", "licence*", "license*", "dvla");

  static final double NINO_CONTEXT = 0.99;
  static final double NINO_BARE = 0.9;
  static final double NINO_NO_SUFFIX_CONTEXT = 0.8;
  static final double POSTCODE_CONTEXT = 0.95;
  static final double POSTCODE_BARE = 0.85;
  static final double POSTCODE_UNSPACED_CONTEXT = 0.9;
  static final double POSTCODE_UNSPACED_BARE = 0.6;
  static final double IBAN_CONTEXT = 1.0;
  static final double IBAN_BARE = 0.95;
  static final double LICENCE_CONTEXT = 0.99;
  static final double LICENCE_BARE = 0.85;

  private CodeDetector() {}

  /**
   * Handles the run of letters (and digits) starting at {@code i}; returns where the pass goes on.
   */
  static int atWord(Scan x, int i) {
    char[] s = x.s;
    int n = x.n;
    int j = i + 1;
    boolean hasDigit = false;
    while (j < n) {
      char c = s[j];
      if (c >= 128) {
        break;
      }
      byte k = Chars.CLASS[c];
      if (k == Chars.OTHER) {
        break;
      }
      hasDigit |= k == Chars.DIGIT;
      j++;
    }
    if (i > 0 && Chars.isWordChar(s[i - 1])) {
      return j;
    }
    int len = j - i;
    int resume = j;
    if (!hasDigit) {
      if (j + 1 < n && Chars.isGroupSeparator(s[j]) && Chars.isDigit(s[j + 1])) {
        if (len == 2) {
          resume = Math.max(resume, nino(x, i));
        } else if (len == 5) {
          resume = Math.max(resume, licence(x, i, j));
        } else if (len == 3 || len == 4) {
          resume = Math.max(resume, specialPostcode(x, i, j));
        }
      }
      char c = s[i];
      if (resume == j && !(c >= 'a' && c <= 'z' && !Lexicon.WORDS.mayTriggerLower(s, i, j))) {
        resume = Math.max(resume, NameDetector.atWord(x, i, j)); // lower case: only cue words
      }
      return resume;
    }
    char c1 = s[i + 1];
    if (len >= 4 && Chars.isAsciiLetter(c1) && Chars.isDigit(s[i + 2])) {
      resume = Math.max(resume, nino(x, i));
    }
    if (len >= 4
        && s[i] == 'G'
        && c1 == 'B'
        && Chars.isDigit(s[i + 2])
        && Chars.isDigit(s[i + 3])) {
      resume = Math.max(resume, iban(x, i));
    }
    if (len == 16 || len == 5) {
      resume = Math.max(resume, licence(x, i, j));
    }
    if (resume == j && len <= 7 && Chars.isUpper(s[i])) {
      resume = Math.max(resume, postcode(x, i, j));
    }
    return resume;
  }

  // ---- National Insurance number -------------------------------------------------------------

  /**
   * {@code AB123456C} with an optional single space (or hyphen, or no-break space: one kind only)
   * between the prefix, each digit pair and the suffix; lower case only when written without
   * separators. Without its suffix letter it is reported only in upper case beside a context word.
   */
  private static int nino(Scan x, int i) {
    if (!x.wants(PersonalDataType.UK_NINO)) {
      return -1;
    }
    char[] s = x.s;
    int n = x.n;
    char a = s[i];
    char b = s[i + 1];
    boolean lower = Character.isLowerCase(a);
    if (lower != Character.isLowerCase(b)) {
      return -1;
    }
    int p = i + 2;
    char sep = 0;
    for (int pair = 0; pair < 3; pair++) {
      if (p + 1 < n && Chars.isGroupSeparator(s[p]) && Chars.isDigit(s[p + 1])) {
        if (lower || (sep != 0 && sep != s[p])) {
          return -1; // lower case only compact; one kind of separator
        }
        sep = s[p];
        p++;
      }
      if (p + 1 >= n || !Chars.isDigit(s[p]) || !Chars.isDigit(s[p + 1])) {
        return -1;
      }
      p += 2;
    }
    int q = p;
    if (q + 1 < n
        && !lower
        && Chars.isGroupSeparator(s[q])
        && (sep == 0 || sep == s[q])
        && Chars.isAsciiLetter(s[q + 1])) {
      q++;
    }
    if (q < n && Chars.isAsciiLetter(s[q]) && x.endBoundary(q + 1)) {
      char suffix = s[q];
      if (Character.isLowerCase(suffix) != lower
          || !Checks.ninoSuffix(upper(suffix))
          || !Checks.ninoPrefix(upper(a), upper(b))) {
        return q + 1; // NINO-shaped but never issued: its digits are nothing else either
      }
      double score = NINO.near(s, i, q + 1) ? NINO_CONTEXT : NINO_BARE;
      x.add(PersonalDataType.UK_NINO, i, q + 1, score);
      return q + 1;
    }
    if (!lower && Checks.ninoPrefix(upper(a), upper(b)) && x.endBoundary(p) && NINO.near(s, i, p)) {
      x.add(PersonalDataType.UK_NINO, i, p, NINO_NO_SUFFIX_CONTEXT);
      return p;
    }
    return -1;
  }

  private static boolean startsWith(char[] s, int i, String prefix) {
    if (i + prefix.length() > s.length) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (s[i + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static char upper(char c) {
    return (char) (c & ~0x20);
  }

  // ---- postcode ------------------------------------------------------------------------------

  /** {@code SW1A 1AA} (one space or no-break space) or {@code SW1A1AA}; upper case. */
  private static int postcode(Scan x, int i, int j) {
    if (!x.wants(PersonalDataType.UK_POSTCODE)) {
      return -1;
    }
    char[] s = x.s;
    int n = x.n;
    if (j - i <= 4
        && j + 4 <= n
        && (s[j] == ' ' || s[j] == '\u00A0')
        && Checks.postcodeOutward(s, i, j)
        && Checks.postcodeInward(s, j + 1)
        && x.endBoundary(j + 4)) {
      double score = POSTCODE.near(s, i, j + 4) ? POSTCODE_CONTEXT : POSTCODE_BARE;
      x.add(PersonalDataType.UK_POSTCODE, i, j + 4, score);
      return j + 4;
    }
    if (j - i >= 5
        && Checks.postcodeOutward(s, i, j - 3)
        && Checks.postcodeInward(s, j - 3)
        && x.endBoundary(j)) {
      double score = POSTCODE.near(s, i, j) ? POSTCODE_UNSPACED_CONTEXT : POSTCODE_UNSPACED_BARE;
      x.add(PersonalDataType.UK_POSTCODE, i, j, score);
      return j;
    }
    return -1;
  }

  /** {@code GIR 0AA} (Girobank) and {@code BFPO 1234} (British Forces Post Office). */
  private static int specialPostcode(Scan x, int i, int j) {
    char[] s = x.s;
    if (!x.wants(PersonalDataType.UK_POSTCODE)) {
      return -1;
    }
    if (startsWith(s, i, "GIR 0AA") && x.endBoundary(i + 7)) {
      x.add(PersonalDataType.UK_POSTCODE, i, i + 7, POSTCODE_CONTEXT);
      return i + 7;
    }
    if (j - i == 4 && s[j] == ' ' && startsWith(s, i, "BFPO")) {
      int e = j + 1;
      while (e < x.n && e - j <= 5 && Chars.isDigit(s[e])) {
        e++;
      }
      if (e - j - 1 <= 4 && x.endBoundary(e)) {
        x.add(PersonalDataType.UK_POSTCODE, i, e, POSTCODE_CONTEXT);
        return e;
      }
    }
    return -1;
  }

  // ---- IBAN ----------------------------------------------------------------------------------

  /**
   * {@code GB82WEST12345698765432}, optionally in groups of four separated by single spaces: GB,
   * two check digits, a four-letter bank code, a six-digit sort code and an eight-digit account,
   * with ISO 13616 mod 97 equal to 1. Returns the end of anything IBAN-shaped, valid or not.
   */
  private static int iban(Scan x, int i) {
    if (!x.wants(PersonalDataType.IBAN_CODE)) {
      return -1;
    }
    char[] s = x.s;
    int n = x.n;
    char[] c = x.chars;
    int k = 0;
    int p = i;
    while (k < 22 && p < n) {
      char ch = s[p];
      if (Chars.isAsciiAlnum(ch)) {
        c[k++] = ch;
        p++;
      } else if (ch == ' ' && k % 4 == 0 && p + 1 < n && Chars.isAsciiAlnum(s[p + 1])) {
        p++;
      } else {
        break;
      }
    }
    if (k != 22 || !x.endBoundary(p)) {
      return -1;
    }
    for (int q = 4; q < 8; q++) {
      if (!Chars.isUpper(c[q])) {
        return -1;
      }
    }
    for (int q = 8; q < 22; q++) {
      if (!Chars.isDigit(c[q])) {
        return -1;
      }
    }
    if (!Checks.ibanMod97(c, 22)) {
      return p; // IBAN-shaped: its digit groups are not phone numbers or cards either
    }
    x.add(PersonalDataType.IBAN_CODE, i, p, IBAN.near(s, i, p) ? IBAN_CONTEXT : IBAN_BARE);
    return p;
  }

  // ---- DVLA driving licence ------------------------------------------------------------------

  /** {@code MORGA753116SM9IJ}, or spaced after the surname and the birth date. */
  private static int licence(Scan x, int i, int j) {
    if (!x.wants(PersonalDataType.UK_DRIVING_LICENCE)) {
      return -1;
    }
    char[] s = x.s;
    char[] c = x.chars;
    int end;
    if (j - i == 16) {
      System.arraycopy(s, i, c, 0, 16);
      end = j;
    } else if (j - i == 5 && j + 13 <= x.n && s[j] == ' ' && s[j + 7] == ' ') {
      System.arraycopy(s, i, c, 0, 5);
      System.arraycopy(s, j + 1, c, 5, 6);
      System.arraycopy(s, j + 8, c, 11, 5);
      end = j + 13;
    } else {
      return -1;
    }
    if (!x.endBoundary(end) || !Checks.dvla(c)) {
      return -1;
    }
    double score = LICENCE.near(s, i, end) ? LICENCE_CONTEXT : LICENCE_BARE;
    x.add(PersonalDataType.UK_DRIVING_LICENCE, i, end, score);
    return end;
  }
}
