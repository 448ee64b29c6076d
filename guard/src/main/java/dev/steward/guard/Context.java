package dev.steward.guard;

/**
 * Words that, near a candidate, say what it is: "NHS number 485 777 3456". A word matches at a word
 * start, case-insensitively, and must end at a word end unless it was given with a trailing {@code
 * *} (a prefix: {@code patient*} also matches "patients"). Looks {@value #BEFORE} characters before
 * the candidate and {@value #AFTER} after it, within its sentence (a full stop, question or
 * exclamation mark followed by white space ends a sentence).
 */
final class Context {
  static final int BEFORE = 64;
  static final int AFTER = 40;

  /**
   * Words after a candidate count as this much further away than words before it: labels come first
   * ("Card: 4111 ...").
   */
  static final int AFTER_PENALTY = 24;

  /** No word nearby. */
  static final int NONE = Integer.MAX_VALUE;

  /** Abbreviations whose full stop does not end a sentence. */
  private static final WordSet ABBREVIATIONS =
      WordSet.of("no nos tel ref dr mr mrs ms st acc mob ext prof approx");

  /** Words saying a number is a reference of some other kind (order, invoice, ...). */
  static final Context REFERENCE =
      labelling(
          "order*",
          "invoice*",
          "inv",
          "ref",
          "reference*",
          "ticket*",
          "tracking",
          "case",
          "booking*",
          "receipt*",
          "transaction*",
          "serial",
          "version*",
          "isbn",
          "po",
          "item",
          "sku",
          "part",
          "model",
          "batch",
          "section",
          "clause",
          "paragraph",
          "page",
          "release*",
          "build",
          "policy",
          "claim",
          "parcel",
          "consignment",
          "membership");

  private final char[][] words;
  private final boolean[] prefix;
  private final boolean nearestNumberOnly;

  /** For each pair of first two characters, the indexes of the words starting with it. */
  private final int[][] byStart = new int[26 * 27][];

  private Context(boolean nearestNumberOnly, String... spec) {
    this.nearestNumberOnly = nearestNumberOnly;
    words = new char[spec.length][];
    prefix = new boolean[spec.length];
    int[] counts = new int[byStart.length];
    for (int k = 0; k < spec.length; k++) {
      String w = spec[k].toLowerCase(java.util.Locale.ROOT);
      prefix[k] = w.endsWith("*");
      words[k] = (prefix[k] ? w.substring(0, w.length() - 1) : w).toCharArray();
      if (words[k].length < 2 || !Chars.isAsciiLetter(words[k][0])) {
        throw new IllegalArgumentException(
            "word: " + w + " (expected: two or more chars, a letter first)");
      }
      counts[bucket(words[k][0], words[k][1])]++;
    }
    for (int b = 0; b < byStart.length; b++) {
      byStart[b] = new int[counts[b]];
      counts[b] = 0;
    }
    for (int k = 0; k < spec.length; k++) {
      int b = bucket(words[k][0], words[k][1]);
      byStart[b][counts[b]++] = k;
    }
  }

  /** The bucket of a word starting with these two lower-case characters. */
  private static int bucket(char first, char second) {
    return (first - 'a') * 27 + (second >= 'a' && second <= 'z' ? second - 'a' : 26);
  }

  static Context of(String... words) {
    return new Context(false, words);
  }

  /**
   * Words that label only the number nearest them: another number between the word and a candidate
   * hides the word ("Reference: 3575 ... The surgery number 0300 ...").
   */
  static Context labelling(String... words) {
    return new Context(true, words);
  }

  /** Whether one of the words occurs near {@code s[start, end)}. */
  boolean near(char[] s, int start, int end) {
    return distance(s, start, end) != NONE;
  }

  /**
   * How far the nearest of the words is from {@code s[start, end)}: the characters between the end
   * of a word before it and its start, or between its end and the start of a word after it plus
   * {@link #AFTER_PENALTY}; {@link #NONE} when there is none. A word after the candidate counts
   * only if no other number comes between them and it does not itself label a number that follows
   * it ("4857773456 and NHS number 4010232137").
   */
  int distance(char[] s, int start, int end) {
    int from = Math.max(0, start - BEFORE);
    int best = NONE;
    for (int p = start - 1; p >= from; p--) {
      if ((p < start - 1 && sentenceEnd(s, p)) || (nearestNumberOnly && Chars.isDigit(s[p]))) {
        break;
      }
      int e = wordEndAt(s, p);
      if (e >= 0 && e <= start) {
        best = start - e;
        break;
      }
    }
    int to = Math.min(s.length, end + AFTER);
    for (int p = end; p < to && p - end + AFTER_PENALTY < best; p++) {
      if (sentenceEnd(s, p) || Chars.isDigit(s[p])) {
        break;
      }
      int e = wordEndAt(s, p);
      if (e >= 0 && !labelsNumber(s, e)) {
        return p - end + AFTER_PENALTY;
      }
    }
    return best;
  }

  /** Whether a number follows {@code s[e]} after at most three spaces or {@code : # - .}. */
  private static boolean labelsNumber(char[] s, int e) {
    for (int p = e; p < s.length && p < e + 4; p++) {
      char c = s[p];
      if (Chars.isDigit(c)) {
        return true;
      }
      if (c != ' ' && c != ':' && c != '#' && c != '-' && c != '.') {
        return false;
      }
    }
    return false;
  }

  /**
   * A full stop, question or exclamation mark followed by white space ends a sentence, except a
   * full stop after a common abbreviation ("No.", "Tel.", "Dr.").
   */
  private static boolean sentenceEnd(char[] s, int p) {
    char c = s[p];
    if ((c != '.' && c != '!' && c != '?')
        || p + 1 >= s.length
        || !Character.isWhitespace(s[p + 1])) {
      return false;
    }
    if (c != '.') {
      return true;
    }
    int q = p;
    while (q > 0 && p - q < 6 && Chars.isAsciiLetter(s[q - 1])) {
      q--;
    }
    boolean word = q < p && (q == 0 || !Chars.isLetter(s[q - 1]));
    return !(word && ABBREVIATIONS.contains(s, q, p));
  }

  /**
   * The end of the longest of the words starting at {@code s[p]} (at a word start; a prefix word
   * ends where its letters end), or -1.
   */
  private int wordEndAt(char[] s, int p) {
    char c = s[p];
    if (!Chars.isAsciiLetter(c) || (p > 0 && Chars.isLetter(s[p - 1]))) {
      return -1;
    }
    int n = s.length;
    if (p + 1 >= n) {
      return -1;
    }
    int best = -1;
    for (int k : byStart[bucket(Chars.lower(c), Chars.lower(s[p + 1]))]) {
      char[] w = words[k];
      int end = p + w.length;
      if (end <= n && matches(s, p, w)) {
        if (prefix[k]) {
          while (end < n && Chars.isLetter(s[end])) {
            end++;
          }
        } else if (end < n && continuesWord(s, end)) {
          continue;
        }
        best = Math.max(best, end);
      }
    }
    return best;
  }

  private static boolean continuesWord(char[] s, int p) {
    return Chars.isWordChar(s[p]);
  }

  private static boolean matches(char[] s, int p, char[] w) {
    for (int k = 1; k < w.length; k++) {
      if (Chars.lower(s[p + k]) != w[k]) {
        return false;
      }
    }
    return true;
  }
}
