package dev.steward.guard;

import static dev.steward.guard.Lexicon.AMBIGUOUS;
import static dev.steward.guard.Lexicon.BUILDING;
import static dev.steward.guard.Lexicon.COMMON;
import static dev.steward.guard.Lexicon.COUNTRY;
import static dev.steward.guard.Lexicon.FORENAME;
import static dev.steward.guard.Lexicon.GREETING;
import static dev.steward.guard.Lexicon.HOUSE_FIRST;
import static dev.steward.guard.Lexicon.LABEL;
import static dev.steward.guard.Lexicon.LEAD;
import static dev.steward.guard.Lexicon.ORG;
import static dev.steward.guard.Lexicon.PARTICLE;
import static dev.steward.guard.Lexicon.RELATION;
import static dev.steward.guard.Lexicon.SIGN_OFF;
import static dev.steward.guard.Lexicon.STREET;
import static dev.steward.guard.Lexicon.STREET_FIRST;
import static dev.steward.guard.Lexicon.SURNAME;
import static dev.steward.guard.Lexicon.TITLE;
import static dev.steward.guard.Lexicon.UNIT;
import static dev.steward.guard.Lexicon.VERB;

/**
 * Person names, by heuristics over words and the {@link Lexicon}: a name is a run of one to four
 * capitalised words (with particles such as {@code de}, {@code van}, {@code ap} between them,
 * initials such as {@code J.}, apostrophes and hyphens: {@code O'Brien}, {@code Nwosu-Bell}, any
 * script) that has evidence of being a name:
 *
 * <ul>
 *   <li>a title before it ({@code Mr}, {@code Dr}, {@code Cllr}, {@code Revd}, ...): {@value
 *       #TITLED};
 *   <li>a cue before it: a greeting ({@code Dear}, {@code Hi}), a sign-off ({@code Thanks,}, {@code
 *       Kind regards,} and a line break), a relation or role ({@code her son}, {@code tenant},
 *       {@code the social worker,}), a form label with a colon ({@code Name:}, {@code Witness:},
 *       {@code Attendees:}), {@code my name is}, {@code I'm}, {@code spoke to}, {@code met}:
 *       {@value #CUED}; after a cue, names in lower case ({@code my name is priya}) and in capitals
 *       after a label ({@code Name: KAROLINA ZIELINSKA}) count too;
 *   <li>a known forename first and a known surname last: {@value #FORENAME_SURNAME}; a known
 *       forename and another word: {@value #FORENAME_OTHER}; another word and a known surname (or a
 *       surname ending such as {@code -ski}, {@code -sson}, {@code -poulos}): {@value
 *       #OTHER_SURNAME};
 *   <li>a name just before it and {@code ,}, {@code and} or {@code or} between: {@value #LISTED};
 *   <li>a single known forename that is not also a common word or a place: {@value #FORENAME_ONLY}.
 * </ul>
 *
 * <p>A run followed by an organisation or place word ({@code Paul Hamlyn Foundation}, {@code
 * Victoria Station}) or preceded by {@code the} is not a name. Words nearby ({@code
 * PERSON_CONTEXT}) raise a two-word name to {@value #PERSON_WITH_CONTEXT}.
 */
final class NameDetector {
  static final Context PERSON_CONTEXT =
      Context.of(
          "name*",
          "called",
          "named",
          "dear",
          "signed",
          "regards",
          "patient*",
          "client*",
          "resident*",
          "tenant*",
          "applicant*",
          "claimant*",
          "contact",
          "write to",
          "wrote",
          "spoke",
          "from",
          "by",
          "son",
          "daughter",
          "wife",
          "husband",
          "mother",
          "father");

  static final double TITLED = 0.85;
  static final double CUED = 0.85;
  static final double FORENAME_SURNAME = 0.9;
  static final double FORENAME_OTHER = 0.8;
  static final double OTHER_SURNAME = 0.75;
  static final double LISTED = 0.8;
  static final double FORENAME_ONLY = 0.6;
  static final double PERSON_WITH_CONTEXT = 0.9;

  static final int MAX_WORDS = 4;

  /** Surname endings that mark a capitalised word as a surname when no list knows it. */
  private static final String[] SURNAME_ENDINGS = {
    "ski", "ska", "cki", "cka", "wicz", "czyk", "enko", "chuk", "ova", "ovic", "ović", "evic",
    "ević", "sson", "poulos", "idis", "akis", "oglu", "oğlu", "escu", "ishvili", "adze", "yan",
    "ez", "elli", "etti", "ucci", "zadeh", "wala"
  };

  private NameDetector() {}

  // ---- the run of name words -----------------------------------------------------------------
  // The run's result is left in the scan's scratch fields: nameEnd (-1: none), nameWords,
  // nameFirst, nameLast (roles of the first and last word), nameStop (roles of the word that
  // stopped it, 0 if none), nameStopAt (where that word starts).

  /** Lower case allowed: only after a cue, and only known forenames/surnames or any word. */
  static final int LOWER_KNOWN = 1;

  static final int LOWER_ANY = 2;
  static final int CAPITALS = 4;
  static final int ONE_WORD = 8;

  /**
   * Reads a run of name words starting at {@code p}. Stops at a line break, at punctuation other
   * than an apostrophe or hyphen inside a word, at a lower-case word that is not a particle, and at
   * a common, organisation, street or building word (recorded in {@code nameStop}).
   */
  static void run(Scan x, int p, int mode) {
    run(x, p, mode, -1);
  }

  /** As {@link #run(Scan, int, int)}, given the roles of the first word when known (else -1). */
  static void run(Scan x, int p, int mode, int firstFlags) {
    char[] s = x.s;
    int n = x.n;
    x.nameEnd = -1;
    x.nameWords = 0;
    x.nameFirst = 0;
    x.nameLast = 0;
    x.nameStop = 0;
    x.nameStopAt = -1;
    x.nameLastStart = -1;
    int q = p;
    int max = (mode & ONE_WORD) != 0 ? 1 : MAX_WORDS;
    while (q < n && x.nameWords < max) {
      char c = s[q];
      if (!Chars.isLetter(c)) {
        break;
      }
      int e;
      int f;
      boolean upper = Character.isUpperCase(c);
      if (upper && q + 1 < n && s[q + 1] == '.' && (q + 2 == n || s[q + 2] == ' ')) {
        e = q + 2; // an initial: "J."
        f = 0;
      } else {
        e = wordEnd(s, q, n);
        if (e < n && Chars.isWordChar(s[e])) {
          break; // "E3": a code, not a name word
        }
        f = q == p && firstFlags >= 0 ? firstFlags : Lexicon.WORDS.lookup(s, q, e);
        boolean particle = (f & PARTICLE) != 0 && (x.nameWords > 0 || !upper);
        if (particle && !upper && e < n && s[e] == ' ') {
          q = e + 1; // "de", "van", "ap": part of the name if a name word follows
          continue;
        }
        if ((f & (COMMON | ORG | STREET | BUILDING | TITLE | COUNTRY | UNIT)) != 0
            && !(particle && upper)
            && !((f & (FORENAME | SURNAME)) != 0 && (f & (COMMON | TITLE | UNIT)) == 0)) {
          x.nameStop = f;
          x.nameStopAt = q;
          break;
        }
        if (!upper) {
          if (x.nameWords > 0 && Character.isUpperCase(s[p])) {
            break; // "Thomas said": a capitalised name does not go on in lower case
          }
          if ((mode & LOWER_ANY) == 0
              && !((mode & LOWER_KNOWN) != 0 && (f & (FORENAME | SURNAME)) != 0)) {
            break;
          }
        } else if (allUpper(s, q, e) && e - q > 1 && (mode & CAPITALS) == 0) {
          break;
        } else if (e - q < 2 && (f & PARTICLE) == 0) {
          break;
        }
      }
      if (x.nameWords == 0) {
        x.nameFirst = f;
      }
      x.nameLast = f;
      x.nameLastStart = q;
      x.nameWords++;
      x.nameEnd = e;
      if (e + 1 < n && s[e] == ' ' && Chars.isLetter(s[e + 1])) {
        q = e + 1;
      } else {
        break;
      }
    }
    int after = x.nameEnd;
    if (after > 0
        && after + 2 < n
        && (s[after] == '\'' || s[after] == '\u2019')
        && (s[after + 1] == 's' || s[after + 1] == 'S')) {
      after += 2; // "Alder Hey Children's Hospital"
    }
    if (x.nameEnd > 0 && x.nameStop == 0 && after + 1 < x.n && s[after] == ' ') {
      // The word after the run may make it an organisation: "John Lewis store".
      int q2 = after + 1;
      if (Character.isUpperCase(s[q2])) {
        int f = Lexicon.WORDS.lookup(s, q2, wordEnd(s, q2, n));
        if ((f & (ORG | STREET | BUILDING)) != 0) {
          x.nameStop = f;
          x.nameStopAt = q2;
        }
      }
    }
  }

  /** The end of the name word at {@code q}: letters, with ' or - followed by a letter. */
  static int wordEnd(char[] s, int q, int n) {
    int e = q + 1;
    while (e < n) {
      char c = s[e];
      if (Chars.isLetter(c)) {
        e++;
      } else if ((c == '\'' || c == '\u2019' || c == '-')
          && e + 1 < n
          && Chars.isLetter(s[e + 1])
          && !(c != '-'
              && (s[e + 1] == 's' || s[e + 1] == 'S')
              && (e + 2 >= n || !Chars.isLetter(s[e + 2])))) {
        e += 2;
      } else {
        break;
      }
    }
    return e;
  }

  static boolean allUpper(char[] s, int from, int to) {
    for (int k = from; k < to; k++) {
      if (Character.isLowerCase(s[k])) {
        return false;
      }
    }
    return true;
  }

  private static boolean surnameShaped(char[] s, int from, int to) {
    if (to - from < 5) {
      return false;
    }
    for (String ending : SURNAME_ENDINGS) {
      int len = ending.length();
      if (to - from > len + 1 && endsWith(s, to, ending)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWith(char[] s, int to, String ending) {
    int len = ending.length();
    for (int k = 0; k < len; k++) {
      if (Character.toLowerCase(s[to - len + k]) != ending.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // ---- entry point ---------------------------------------------------------------------------

  /**
   * Handles the word starting at {@code i} (letters; {@code j} is where its ASCII run ends);
   * returns the end of a finding, or -1.
   */
  static int atWord(Scan x, int i, int j) {
    char[] s = x.s;
    boolean person = x.wants(PersonalDataType.PERSON);
    boolean location = x.wants(PersonalDataType.LOCATION);
    if (!person && !location) {
      return -1;
    }
    char c = s[i];
    if (c >= 'a' && c <= 'z' && !Lexicon.WORDS.mayTriggerLower(s, i, j)) {
      return -1; // most words: lower case and no cue
    }
    int e =
        j < x.n && !Chars.isLetter(s[j]) && s[j] != '\'' && s[j] != '\u2019' && s[j] != '-'
            ? j
            : wordEnd(s, i, x.n);
    if (e - i > 24 || (e - i == 1 && (e >= x.n || s[e] != '.') && c < 128)) {
      return -1; // "I", "A": never a name or an address on their own
    }
    boolean upper = Character.isUpperCase(c);
    if (!upper && !Lexicon.WORDS.mayTriggerLower(s, i, e)) {
      return -1;
    }
    int f = Lexicon.WORDS.lookup(s, i, e);
    if (!upper && f == 0) {
      return -1;
    }
    if (location && (f & (UNIT | STREET_FIRST | HOUSE_FIRST)) != 0) {
      int end = AddressDetector.atWord(x, i, e, f);
      if (end > 0) {
        return end;
      }
    }
    if (location && upper && e - i >= 6) {
      int end = AddressDetector.atCompoundStreet(x, i, e);
      if (end > 0) {
        return end;
      }
    }
    if (!person) {
      return upper && location ? AddressDetector.atHouseName(x, i, e, f) : -1;
    }
    if ((f & TITLE) != 0) {
      int end = titled(x, i, e);
      if (end > 0) {
        return end;
      }
    }
    if ((f & (GREETING | SIGN_OFF | RELATION | LABEL | VERB | LEAD)) != 0) {
      int end = cued(x, i, e, f);
      if (end > 0) {
        return end;
      }
    }
    if (!upper) {
      return -1;
    }
    if (location && (f & COMMON) != 0) {
      return AddressDetector.atHouseName(x, i, e, f); // "The Old Rectory"
    }
    return named(x, i, e, f);
  }

  // ---- a title -------------------------------------------------------------------------------

  /** "Mr Okonkwo", "Dr. Amara Nwosu-Bell", "Revd Canon Alison Ward", "Mr and Mrs Pickering". */
  private static int titled(Scan x, int i, int e) {
    char[] s = x.s;
    int n = x.n;
    int p = e < n && s[e] == '.' ? e + 1 : e;
    // more titles: "Revd Canon", "Mr and Mrs"
    for (int k = 0; k < 2 && p + 1 < n && s[p] == ' '; k++) {
      int q = p + 1;
      if (q + 4 < n && s[q] == 'a' && s[q + 1] == 'n' && s[q + 2] == 'd' && s[q + 3] == ' ') {
        q += 4;
      }
      if (!Chars.isLetter(s[q])) {
        break;
      }
      int qe = wordEnd(s, q, n);
      if ((Lexicon.WORDS.lookup(s, q, qe) & TITLE) == 0) {
        break;
      }
      p = qe < n && s[qe] == '.' ? qe + 1 : qe;
    }
    if (p + 1 >= n || s[p] != ' ') {
      return -1;
    }
    boolean lower = Character.isLowerCase(s[i]);
    run(x, p + 1, lower ? LOWER_ANY | ONE_WORD : LOWER_KNOWN);
    int end = x.nameEnd;
    if (end < 0 || (x.nameStop & (ORG | STREET)) != 0) {
      return -1;
    }
    if (lower && Character.isUpperCase(s[p + 1]) == lower) {
      return -1;
    }
    report(x, i, end, TITLED);
    return end;
  }

  // ---- a cue ---------------------------------------------------------------------------------

  /** A name after a cue word at {@code s[i, e)} with roles {@code f}. */
  private static int cued(Scan x, int i, int e, int f) {
    char[] s = x.s;
    int n = x.n;
    int p = e;
    int mode;
    boolean strong = true;
    boolean needNewline = false;
    if (isWord(s, i, e, "name") && matches(s, e, " is ")) {
      p = e + 4; // "my name is"
      mode = LOWER_ANY;
    } else if ((f & LABEL) != 0 && labelColon(s, e, n) > 0) {
      p = labelColon(s, e, n);
      mode = CAPITALS | LOWER_KNOWN;
      if (isWord(s, i, e, "from") || isWord(s, i, e, "to") || isWord(s, i, e, "re")) {
        strong = false;
      }
    } else if ((f & GREETING) != 0) {
      if (isWord(s, i, e, "morning")
          || isWord(s, i, e, "afternoon")
          || isWord(s, i, e, "evening")) {
        return -1;
      }
      if (!clauseStart(s, i)) {
        return -1;
      }
      p = skip(s, e, n, false);
      mode = LOWER_KNOWN;
    } else if ((f & SIGN_OFF) != 0) {
      if (isWord(s, i, e, "thank")) {
        if (!(e + 4 <= n && s[e] == ' ' && matches(s, e + 1, "you"))) {
          return -1;
        }
        e += 4;
      }
      boolean comma = e < n && s[e] == ',';
      boolean loose =
          isWord(s, i, e, "thanks")
              || isWord(s, i, e, "thx")
              || isWord(s, i, e, "cheers")
              || isWord(s, i, e, "ta")
              || isWord(s, i, e - (e > i + 5 ? 4 : 0), "thank");
      if (!loose && !comma && !(e < n && s[e] == '\n')) {
        return -1;
      }
      needNewline = !loose;
      p = skip(s, e, n, true);
      if (needNewline && !(p > 0 && s[p - 1] == '\n')) {
        return -1;
      }
      mode = LOWER_KNOWN;
    } else if ((f & RELATION) != 0) {
      p = skip(s, e, n, false);
      if (p + 3 < n && (matches(s, p, "is ") || matches(s, p, "was "))) {
        p = skip(s, p + (s[p] == 'i' ? 2 : 3), n, false);
      }
      mode = LOWER_KNOWN;
    } else if ((f & VERB) != 0) {
      if (e >= n || s[e] != ' ') {
        return -1;
      }
      p = e + 1;
      if (matches(s, p, "this ") || matches(s, p, "it ")) {
        p += s[p] == 't' ? 5 : 3; // "forward this to"
      }
      if (matches(s, p, "to ") || matches(s, p, "in ")) {
        p += 3; // "spoke to", "copied in"
      } else if (matches(s, p, "with ")) {
        p += 5; // "met with"
      } else if (!(isWord(s, i, e, "tell")
          || isWord(s, i, e, "told")
          || isWord(s, i, e, "met")
          || isWord(s, i, e, "visited")
          || isWord(s, i, e, "called")
          || isWord(s, i, e, "named"))) {
        return -1;
      }
      mode = LOWER_KNOWN;
    } else if ((f & LEAD) != 0) {
      if (!leadApplies(x, i, e)) {
        return -1;
      }
      p = skip(s, e, n, false);
      mode = LOWER_KNOWN;
    } else {
      return -1;
    }
    if (p >= n || !Chars.isLetter(s[p])) {
      return -1;
    }
    int start = p;
    int pf = Lexicon.WORDS.lookup(s, p, wordEnd(s, p, n));
    if ((pf & TITLE) != 0) {
      return -1; // the title is handled at its own word
    }
    run(x, p, mode);
    int end = x.nameEnd;
    if (end < 0 || (x.nameStop & (ORG | STREET | BUILDING)) != 0) {
      return -1;
    }
    if (mode == LOWER_ANY && x.nameWords > 2) {
      return -1;
    }
    if (!strong && (x.nameFirst & FORENAME) == 0 && (x.nameLast & SURNAME) == 0) {
      return -1;
    }
    if ((mode & CAPITALS) == 0
        && x.nameWords == 1
        && Character.isLowerCase(s[start])
        && (x.nameFirst & FORENAME) == 0
        && mode != LOWER_ANY) {
      return -1;
    }
    report(x, start, end, CUED);
    return end;
  }

  /** After a label word: an optional "(s)", a colon or a dash, and spaces; or -1. */
  private static int labelColon(char[] s, int e, int n) {
    int p = e;
    if (p + 3 <= n && s[p] == '(' && s[p + 1] == 's' && s[p + 2] == ')') {
      p += 3;
    }
    if (p < n && s[p] == ':') {
      p++;
    } else if (p + 2 < n && s[p] == ' ' && s[p + 1] == '-' && s[p + 2] == ' ') {
      p += 2;
    } else {
      return -1;
    }
    while (p < n && (s[p] == ' ' || s[p] == '\t')) {
      p++;
    }
    return p;
  }

  /** Skips a comma, colon or opening bracket and spaces (and one line break if allowed). */
  private static int skip(char[] s, int p, int n, boolean newline) {
    if (p < n && (s[p] == ',' || s[p] == ':' || s[p] == '!')) {
      p++;
    }
    boolean broke = false;
    while (p < n && (s[p] == ' ' || (newline && !broke && s[p] == '\n') || s[p] == '(')) {
      broke |= s[p] == '\n';
      p++;
    }
    return p;
  }

  /** "I'm", "im", "it's", "its". */
  private static boolean leadApplies(Scan x, int i, int e) {
    char[] s = x.s;
    if (isWord(s, i, e, "im") || isWord(s, i, e, "its")) {
      return true;
    }
    if (i < 2 || (s[i - 1] != '\'' && s[i - 1] != '\u2019')) {
      return false;
    }
    if (isWord(s, i, e, "m")) {
      return (s[i - 2] == 'i' || s[i - 2] == 'I') && (i == 2 || !Chars.isLetter(s[i - 3]));
    }
    return isWord(s, i, e, "s")
        && i >= 3
        && matchesIgnoreCase(s, i - 3, "it")
        && (i == 3 || !Chars.isLetter(s[i - 4]));
  }

  // ---- capitalised words on their own --------------------------------------------------------

  /** A run of capitalised words at {@code i} whose first word has roles {@code f}. */
  private static int named(Scan x, int i, int e, int f) {
    char[] s = x.s;
    run(x, i, 0, f);
    int end = x.nameEnd;
    boolean listed = listed(x, i);
    if (end < 0) {
      return -1;
    }
    if ((x.nameStop & BUILDING) != 0 && x.wants(PersonalDataType.LOCATION)) {
      int address = AddressDetector.atHouseName(x, i, e, f);
      if (address > 0) {
        return address;
      }
      run(x, i, 0, f);
      end = x.nameEnd;
    }
    if ((x.nameStop & (ORG | STREET | BUILDING)) != 0 || afterArticle(s, i)) {
      return -1;
    }
    int words = x.nameWords;
    int first = x.nameFirst;
    int last = x.nameLast;
    if ((last & PLACE_LIKE) != 0) {
      return -1; // "Victoria Park", "Hong Kong"
    }
    if (signedWithDash(s, i, end, x.n)) {
      report(x, i, end, CUED);
      return end;
    }
    double score;
    if (words >= 2) {
      boolean lastSurname = (last & SURNAME) != 0 || surnameShaped(s, x.nameLastStart, end);
      if ((first & FORENAME) != 0) {
        score = lastSurname ? FORENAME_SURNAME : FORENAME_OTHER;
      } else if (lastSurname || ((first & SURNAME) != 0 && (last & FORENAME) != 0)) {
        score = OTHER_SURNAME; // "Okafor", and surname first: "Wang Jun"
      } else if (listed) {
        score = LISTED;
      } else {
        return -1;
      }
      if (score < PERSON_WITH_CONTEXT
          && NumberDetector.label(x, PERSON_CONTEXT, i, end) != Context.NONE) {
        score = PERSON_WITH_CONTEXT;
      }
    } else if (listed) {
      score = LISTED;
    } else if ((first & FORENAME) != 0 && (first & (AMBIGUOUS | PLACE_LIKE)) == 0 && end - i > 2) {
      score = FORENAME_ONLY;
    } else {
      return -1;
    }
    report(x, i, end, score);
    return end;
  }

  /** Words that end a place or an organisation rather than a name. */
  private static final int PLACE_LIKE = ORG | STREET | BUILDING | COUNTRY;

  /** "... call back - Máire" at the end of a message or line. */
  private static boolean signedWithDash(char[] s, int i, int end, int n) {
    return i >= 3
        && s[i - 1] == ' '
        && (s[i - 2] == '-' || s[i - 2] == '\u2013')
        && s[i - 3] == ' '
        && (end == n || s[end] == '\n');
  }

  /** Whether the word at {@code i} starts a line, a sentence or a clause. */
  static boolean clauseStart(char[] s, int i) {
    int p = i - 1;
    while (p >= 0 && s[p] == ' ') {
      p--;
    }
    if (p < 0) {
      return true;
    }
    char c = s[p];
    return c == '\n' || c == '.' || c == '!' || c == '?' || c == ',' || c == ':' || c == '-'
        || c == '"' || c == '(' || c == ';';
  }

  /**
   * Whether a confident name ends just before {@code i}, with ", ", " and ", " or " or " & "
   * between.
   */
  private static boolean listed(Scan x, int i) {
    int last = x.lastPersonEnd;
    if (x.lastPersonScore < FORENAME_OTHER) {
      return false;
    }
    if (last < 0 || i - last > 6 || i - last < 2) {
      return false;
    }
    char[] s = x.s;
    String gap = new String(s, last, i - last);
    return gap.equals(", ")
        || gap.equals(" and ")
        || gap.equals(" or ")
        || gap.equals(", and ")
        || gap.equals(" & ");
  }

  /** Whether "the", "a" or "an" comes just before {@code i}. */
  private static boolean afterArticle(char[] s, int i) {
    if (i < 2 || s[i - 1] != ' ') {
      return false;
    }
    int p = i - 1;
    int q = p;
    while (q > 0 && Chars.isLetter(s[q - 1])) {
      q--;
    }
    if (q > 0 && Chars.isWordChar(s[q - 1])) {
      return false; // "ZB841194A Aisha": the A ends a code
    }
    return isWord(s, q, p, "the") || isWord(s, q, p, "a") || isWord(s, q, p, "an");
  }

  private static void report(Scan x, int start, int end, double score) {
    x.add(PersonalDataType.PERSON, start, end, score);
    x.lastPersonEnd = end;
    x.lastPersonScore = score;
  }

  static boolean isWord(char[] s, int from, int to, String w) {
    return to - from == w.length() && matchesIgnoreCase(s, from, w);
  }

  static boolean matchesIgnoreCase(char[] s, int p, String w) {
    if (p + w.length() > s.length) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      if (Chars.lower(s[p + k]) != w.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(char[] s, int p, String w) {
    if (p + w.length() > s.length) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      if (s[p + k] != w.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
