package dev.steward.guard;

import static dev.steward.guard.Lexicon.BUILDING;
import static dev.steward.guard.Lexicon.COMMON;
import static dev.steward.guard.Lexicon.COUNTRY;
import static dev.steward.guard.Lexicon.DIRECTION;
import static dev.steward.guard.Lexicon.HOUSE_FIRST;
import static dev.steward.guard.Lexicon.ORG;
import static dev.steward.guard.Lexicon.PLACE_JOIN;
import static dev.steward.guard.Lexicon.STREET;
import static dev.steward.guard.Lexicon.STREET_FIRST;
import static dev.steward.guard.Lexicon.TITLE;
import static dev.steward.guard.Lexicon.UNIT;

/**
 * Postal addresses, by a small grammar over words and the {@link Lexicon}. An address needs a
 * building — a house number, a flat or unit, a house name or a PO box — and then a street and/or
 * the places after it:
 *
 * <pre>
 * address  = [unit sep] [house sep] (number street | street-first words number | street) tail
 *          | unit sep house tail | house sep tail           (a house name needs a street or a cue)
 *          | "PO Box" number tail
 * unit     = (Flat | Apartment | Apt | Unit | Suite | Room | Plot | House | Villa | ...) id
 *          | (Ground | First | Top | Basement) [Floor] Flat
 * house    = capitalised words ending in Cottage, Farm, House, Lodge, Barn, Rectory, ...
 *          | "The" words | Tŷ, Bryn, Plas, Hafod, Taigh, ... words
 * number   = 1-4 digits [letter] ["-" digits] | digits "/" digits
 * street   = 1-4 words ending in Road, Street, Close, ... [North|South|East|West]
 *          | Rue, Calle, Via, Jalan, ... words | a compound such as Hauptstraße, Keizersgracht
 * tail     = ("," | line break) place ...               (up to five places)
 * place    = capitalised words, "of"/"upon"/"y" between, postal codes (75001, NY 10118)
 * </pre>
 *
 * A UK postcode after the address is not part of it (it is {@code UK_POSTCODE}), nor is a country.
 * Lower-case addresses are read when the street is lower case throughout ({@code 14 station road,
 * whitby}).
 */
final class AddressDetector {
  static final Context ADDRESS_CONTEXT =
      Context.of(
          "live*",
          "address*",
          "moved",
          "resid*",
          "home",
          "at",
          "send",
          "post*",
          "deliver*",
          "to",
          "visit*",
          "stay*",
          "of",
          "rent*",
          "house");

  static final double ADDRESS = 0.85;
  static final double ADDRESS_WITH_CONTEXT = 0.95;

  /** A street whose last word is not a street suffix, with places after it: "102 Kingsway, ..." */
  static final double BARE_STREET = 0.7;

  private static final int MAX_TAIL = 5;

  private static final String[] COMPOUND_STREETS = {
    "straße", "strasse", "gasse", "weg", "platz", "allee", "damm", "gracht", "straat", "laan",
    "kade", "plein", "gatan", "vägen", "gränd", "vej", "gade", "veien", "gata", "utca", "ulice"
  };

  private AddressDetector() {}

  // ---- entry points --------------------------------------------------------------------------

  /** At a house number {@code s[i, runEnd)}: "14 Acacia Avenue", "221B Baker Street". */
  static int atNumber(Scan x, int i, int runEnd) {
    if (!x.wants(PersonalDataType.LOCATION)) {
      return -1;
    }
    int end = numberStreet(x, i);
    if (end < 0) {
      return -1;
    }
    boolean bare = x.addrBare;
    boolean lower = x.addrLower;
    int tail = tail(x, end, lower);
    if (bare && tail == end) {
      return -1;
    }
    return report(x, i, tail, bare ? BARE_STREET : ADDRESS);
  }

  /** At a unit, street-first or house-name-first word with roles {@code f}. */
  static int atWord(Scan x, int i, int e, int f) {
    char[] s = x.s;
    if ((f & UNIT) != 0) {
      int p = unit(x, i, e);
      if (p > 0) {
        boolean po = x.addrPo;
        boolean lower = Character.isLowerCase(s[i]);
        int end = afterUnit(x, p, lower, po);
        if (end > 0) {
          return report(x, i, end, ADDRESS);
        }
      }
    }
    if ((f & STREET_FIRST) != 0 && Character.isUpperCase(s[i])) {
      int end = streetFirst(x, e);
      if (end > 0) {
        return report(x, i, tail(x, end, false), ADDRESS);
      }
    }
    if ((f & HOUSE_FIRST) != 0) {
      return atHouseName(x, i, e, f);
    }
    return -1;
  }

  /** At a capitalised word that may be a compound street: "Tiergartenstraße 17, Berlin". */
  static int atCompoundStreet(Scan x, int i, int e) {
    char[] s = x.s;
    if (e + 1 >= x.n || s[e] != ' ' || !Chars.isDigit(s[e + 1])) {
      return -1; // the number follows the street: "Keizersgracht 123"
    }
    boolean compound = false;
    for (String suffix : COMPOUND_STREETS) {
      if (e - i > suffix.length() + 2 && endsWithIgnoreCase(s, e, suffix)) {
        compound = true;
        break;
      }
    }
    if (!compound) {
      return -1;
    }
    int end = houseNumber(s, e, x.n, true);
    if (end < 0) {
      return -1;
    }
    return report(x, i, tail(x, end, false), ADDRESS);
  }

  /**
   * At a capitalised word that may start a house name ("Rose Cottage, Mill Lane", "The Old Rectory,
   * ..."); needs a street after it, or an address word before it.
   */
  static int atHouseName(Scan x, int i, int e, int f) {
    if (!x.wants(PersonalDataType.LOCATION)) {
      return -1;
    }
    int p = houseName(x, i, e, f);
    if (p < 0) {
      return -1;
    }
    return afterHouse(x, i, p, false, false);
  }

  private static int afterHouse(Scan x, int start, int p, boolean unit, boolean lower) {
    char[] s = x.s;
    int q = separator(s, p, x.n);
    if (q < 0) {
      return -1;
    }
    int end = -1;
    if (Chars.isDigit(s[q])) {
      end = numberStreet(x, q);
    } else {
      end = street(x, q, lower);
    }
    boolean cue =
        NumberDetector.label(x, ADDRESS_CONTEXT, start, p) != Context.NONE || lineStart(s, start);
    if (end < 0) {
      if (!cue && !unit) {
        return -1;
      }
      end = p;
      int t = tail(x, end, lower);
      if (t == end) {
        return -1;
      }
      return report(x, start, t, cue ? ADDRESS_WITH_CONTEXT : ADDRESS);
    }
    return report(x, start, tail(x, end, lower), cue ? ADDRESS_WITH_CONTEXT : ADDRESS);
  }

  // ---- parts ---------------------------------------------------------------------------------

  /** After the unit word {@code s[i, e)}: the end of its id ("Flat 3", "Apt 4C", "PO Box 77"). */
  private static int unit(Scan x, int i, int e) {
    char[] s = x.s;
    int n = x.n;
    x.addrPo = false;
    if (NameDetector.isWord(s, i, e, "po")
        && e + 5 <= n
        && NameDetector.matchesIgnoreCase(s, e, " box ")) {
      x.addrPo = true;
      return houseNumber(s, e + 4, n, false);
    }
    if (NameDetector.isWord(s, i, e, "ground")
        || NameDetector.isWord(s, i, e, "basement")
        || NameDetector.isWord(s, i, e, "first")
        || NameDetector.isWord(s, i, e, "top")) {
      int p = e;
      if (NameDetector.matchesIgnoreCase(s, p, " floor")) {
        p += 6;
      }
      return NameDetector.matchesIgnoreCase(s, p, " flat") ? p + 5 : -1;
    }
    if (NameDetector.isWord(s, i, e, "po")
        || NameDetector.isWord(s, i, e, "box")
        || NameDetector.isWord(s, i, e, "ground")
        || e >= n
        || s[e] != ' ') {
      return -1;
    }
    int p = e + 1;
    int q = p;
    while (q < n && Chars.isDigit(s[q]) && q - p < 5) {
      q++;
    }
    if (q > p) {
      if (q + 1 < n && s[q] == '/' && Chars.isDigit(s[q + 1])) {
        q += 2; // Glasgow's "Flat 2/1"
      } else if (q < n && Chars.isAsciiLetter(s[q]) && (q + 1 == n || !Chars.isLetter(s[q + 1]))) {
        q++; // "5B"
      }
    } else if (q < n && Chars.isUpper(s[q]) && (q + 1 == n || !Chars.isWordChar(s[q + 1]))) {
      q++; // "Flat A"
    } else {
      return -1;
    }
    return q < n && Chars.isWordChar(s[q]) ? -1 : q;
  }

  private static int afterUnit(Scan x, int p, boolean lower, boolean po) {
    char[] s = x.s;
    int n = x.n;
    if (po) {
      int t = tail(x, p, false);
      return t == p ? -1 : t;
    }
    int q = separator(s, p, n);
    if (q < 0 && p < n && s[p] == ' ') {
      q = p + 1;
    }
    if (q < 0 || q >= n) {
      return -1;
    }
    if (Chars.isDigit(s[q])) {
      int end = numberStreet(x, q);
      return end < 0 ? -1 : tail(x, end, x.addrLower);
    }
    if (!Chars.isLetter(s[q])) {
      return -1;
    }
    int we = NameDetector.wordEnd(s, q, n);
    int f = Lexicon.WORDS.lookup(s, q, we);
    int h = Character.isUpperCase(s[q]) ? houseName(x, q, we, f) : -1;
    if (h > 0) {
      int q2 = separator(s, h, n);
      if (q2 > 0 && Chars.isDigit(s[q2])) {
        int end = numberStreet(x, q2);
        if (end > 0) {
          return tail(x, end, false);
        }
      }
      int t = tail(x, h, false);
      return t;
    }
    int end = street(x, q, lower);
    if (end > 0) {
      return tail(x, end, lower);
    }
    int t = tail(x, p, lower);
    return t == p ? -1 : t;
  }

  /**
   * A house number and its street at {@code i}: returns the street's end or -1. Sets {@code
   * addrBare} when the street has no suffix (then places must follow) and {@code addrLower} when it
   * is written in lower case.
   */
  private static int numberStreet(Scan x, int i) {
    char[] s = x.s;
    int n = x.n;
    int p = houseNumber(s, i, n, true);
    if (p < 0 || p + 2 >= n || s[p] != ' ') {
      return -1;
    }
    int digits = 0;
    while (i + digits < n && Chars.isDigit(s[i + digits])) {
      digits++;
    }
    if (digits == 4 && ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))) {
      return -1; // a year: "In 2025 New Street station reopened"
    }
    if (!(i == 0
        || (!Chars.isWordChar(s[i - 1])
            && s[i - 1] != '.'
            && s[i - 1] != ':'
            && s[i - 1] != '/'
            && s[i - 1] != '£'
            && s[i - 1] != '$'))) {
      return -1;
    }
    int q = p + 1;
    boolean lower = Character.isLowerCase(s[q]);
    int end = street(x, q, lower);
    if (end > 0) {
      return end;
    }
    if (lower) {
      return -1;
    }
    // A street without a suffix ("102 Kingsway", "5 The Paddocks"): one to three capitalised
    // words, places must follow.
    int e = q;
    int words = 0;
    while (words < 3 && e < n && Character.isUpperCase(s[e])) {
      int we = NameDetector.wordEnd(s, e, n);
      int f = Lexicon.WORDS.lookup(s, e, we);
      if ((f & (ORG | TITLE | COUNTRY)) != 0
          || ((f & COMMON) != 0 && !NameDetector.isWord(s, e, we, "the"))) {
        if (!(words == 0 && NameDetector.isWord(s, e, we, "the"))) {
          return -1;
        }
      }
      words++;
      if (we < n && s[we] == ' ' && we + 1 < n && Character.isUpperCase(s[we + 1])) {
        e = we + 1;
      } else {
        e = we;
        break;
      }
    }
    if (words == 0 || e >= n || (s[e] != ',' && s[e] != '\n')) {
      return -1;
    }
    x.addrBare = true;
    x.addrLower = false;
    return e;
  }

  /** 1-4 digits with an optional letter, range ("30-32") or slash ("2/1"); its end or -1. */
  private static int houseNumber(char[] s, int i, int n, boolean letter) {
    int p = i;
    if (p < n && s[p] == ' ') {
      p++;
    }
    int q = p;
    while (q < n && Chars.isDigit(s[q])) {
      q++;
    }
    if (q == p || q - p > 4) {
      return -1;
    }
    if (q + 1 < n && (s[q] == '-' || s[q] == '/') && Chars.isDigit(s[q + 1])) {
      q++;
      while (q < n && Chars.isDigit(s[q])) {
        q++;
      }
    } else if (letter
        && q < n
        && Chars.isAsciiLetter(s[q])
        && (q + 1 == n || !Chars.isWordChar(s[q + 1]))) {
      q++;
    }
    return q < n && Chars.isWordChar(s[q]) ? -1 : q;
  }

  /**
   * A street name at {@code q}: 1-4 words ending in a street suffix (and a direction), or a
   * street-first word ("Rue des Lilas"). Returns its end or -1; clears {@code addrBare}.
   */
  private static int street(Scan x, int q, boolean lower) {
    char[] s = x.s;
    int n = x.n;
    x.addrBare = false;
    x.addrLower = lower;
    int p = q;
    int end = -1;
    boolean first = true;
    boolean streetFirst = false;
    int maxWords = lower ? 3 : 5;
    for (int words = 0; words < maxWords && p < n; words++) {
      char c = s[p];
      if (!Chars.isLetter(c)) {
        break;
      }
      int e = possessive(s, NameDetector.wordEnd(s, p, n), n);
      boolean up = Character.isUpperCase(c);
      if (lower && up) {
        break;
      }
      int f = lower && !Lexicon.WORDS.mayBeStreet(s, p, e) ? 0 : Lexicon.WORDS.lookup(s, p, e);
      if (!lower && !up && (f & PLACE_JOIN) == 0) {
        break;
      }
      if (!up && (f & PLACE_JOIN) != 0 && !lower) {
        // "Heol y Dderwen", "Rue des Lilas": a joiner inside the name
      } else if ((f & (COMMON | TITLE)) != 0
          && (f & STREET) == 0
          && !(first && NameDetector.isWord(s, p, e, "the"))) {
        break;
      }
      if (first && (f & STREET_FIRST) != 0) {
        streetFirst = true;
      }
      if (!first && (f & STREET) != 0) {
        end = e;
        int d = e + 1;
        if (e < n && s[e] == ' ' && d < n && Chars.isLetter(s[d])) {
          int de = NameDetector.wordEnd(s, d, n);
          if ((Lexicon.WORDS.lookup(s, d, de) & DIRECTION) != 0
              && Character.isUpperCase(s[d]) != lower) {
            end = de; // "Queen Street West"
          }
        }
      }
      first = false;
      int next = e;
      if (next + 2 < n
          && s[next] == '.'
          && s[next + 1] == ' '
          && Character.isUpperCase(s[next + 2])
          && (NameDetector.isWord(s, p, e, "st") || NameDetector.isWord(s, p, e, "mt"))) {
        next++; // "St. Mary's Road"
      }
      if (next + 1 < n && s[next] == ' ' && Chars.isLetter(s[next + 1])) {
        p = next + 1;
      } else {
        if (streetFirst && end < 0 && words >= 1) {
          end = e;
        }
        break;
      }
    }
    return end;
  }

  /** "Calle de Alcalá 45", "Via Garibaldi 8", "Rua Augusta 100": the end of the number, or -1. */
  private static int streetFirst(Scan x, int e) {
    char[] s = x.s;
    int n = x.n;
    int p = e;
    for (int words = 0; words < 4; words++) {
      if (p + 1 >= n || s[p] != ' ') {
        return -1;
      }
      if (Chars.isDigit(s[p + 1])) {
        return words == 0 ? -1 : houseNumber(s, p, n, true);
      }
      if (!Chars.isLetter(s[p + 1])) {
        return -1;
      }
      int we = NameDetector.wordEnd(s, p + 1, n);
      int f = Lexicon.WORDS.lookup(s, p + 1, we);
      if (Character.isLowerCase(s[p + 1]) ? (f & PLACE_JOIN) == 0 : (f & COMMON) != 0) {
        return -1;
      }
      p = we;
    }
    return -1;
  }

  /**
   * A house name at {@code s[i, e)} with roles {@code f}: capitalised words ending in a building
   * word, "The" and words, or a Welsh or Gaelic house word and words. Returns its end or -1.
   */
  private static int houseName(Scan x, int i, int e, int f) {
    char[] s = x.s;
    int n = x.n;
    boolean the = NameDetector.isWord(s, i, e, "the");
    boolean welsh = (f & HOUSE_FIRST) != 0;
    if ((f & COMMON) != 0 && !the) {
      return -1;
    }
    int p = e;
    int end = (f & BUILDING) != 0 && !the ? e : -1;
    for (int words = 0; words < 4; words++) {
      if (p + 1 >= n || s[p] != ' ' || !Chars.isLetter(s[p + 1])) {
        break;
      }
      int q = p + 1;
      boolean up = Character.isUpperCase(s[q]);
      if (!up && !welsh) {
        break;
      }
      int we = possessive(s, NameDetector.wordEnd(s, q, n), n);
      int wf = Lexicon.WORDS.lookup(s, q, we);
      if (!up && (wf & PLACE_JOIN) == 0) {
        break;
      }
      if ((wf & (COMMON | ORG | TITLE | COUNTRY)) != 0 && (wf & BUILDING) == 0) {
        break;
      }
      p = we;
      if ((wf & BUILDING) != 0 || the || welsh) {
        end = we;
      }
    }
    if (end < 0 || end >= n || (s[end] != ',' && s[end] != '\n')) {
      return -1;
    }
    return end;
  }

  /** ", " or ",\n" or "\n" at {@code p}: where the next part starts, or -1. */
  private static int separator(char[] s, int p, int n) {
    int q = p;
    if (q < n && s[q] == ',') {
      q++;
    } else if (!(q < n && s[q] == '\n')) {
      return -1;
    }
    while (q < n && (s[q] == ' ' || s[q] == '\n') && q - p < 4) {
      q++;
    }
    return q < n && Chars.isWordChar(s[q]) ? q : -1;
  }

  /**
   * The places after an address part ending at {@code p}: up to five, each after a comma or on a
   * line of its own. Stops before a UK postcode, a country, and anything that is not a place.
   * Returns the end of the last place (or {@code p}).
   */
  static int tail(Scan x, int p, boolean lower) {
    char[] s = x.s;
    int n = x.n;
    int end = p;
    for (int k = 0; k < MAX_TAIL; k++) {
      boolean newline = end < n && s[end] == '\n';
      int q = separator(s, end, n);
      if (q < 0 || postcodeAt(s, q, n)) {
        break;
      }
      int e = place(x, q, lower);
      if (e < 0) {
        break;
      }
      if (newline || (e < n && s[e] == '\n' && s[q - 1] == '\n')) {
        // a place on a line of its own must fill the line
        if (e < n && s[e] != '\n' && s[e] != ',') {
          break;
        }
      }
      end = e;
    }
    return end;
  }

  /** One place at {@code q}: its end or -1. */
  private static int place(Scan x, int q, boolean lower) {
    char[] s = x.s;
    int n = x.n;
    int p = q;
    int end = -1;
    boolean word = false;
    for (int tokens = 0; tokens < 6 && p < n; tokens++) {
      char c = s[p];
      int e;
      if (Chars.isDigit(c)) {
        e = p;
        while (e < n
            && (Chars.isAsciiAlnum(s[e])
                || (s[e] == '-' && e + 1 < n && Chars.isDigit(s[e + 1])))) {
          e++;
        }
        if (e - p > 8) {
          break;
        }
      } else if (Chars.isLetter(c)) {
        e = NameDetector.wordEnd(s, p, n);
        if (e < n && Chars.isDigit(s[e])) {
          while (e < n && Chars.isAsciiAlnum(s[e])) {
            e++; // "M5V"
          }
        }
        int f = Lexicon.WORDS.lookup(s, p, e);
        boolean up = Character.isUpperCase(c);
        boolean code = up && e - p <= 3 && NameDetector.allUpper(s, p, e); // "NY", "ON", "CJ"
        if (code) {
          f = 0;
        }
        if (tokens == 0 && (f & (COUNTRY | COMMON | TITLE)) != 0) {
          return -1;
        }
        if (!up) {
          if (lower && tokens == 0 && (f & (COMMON | PLACE_JOIN)) == 0) {
            word = true;
          } else if ((f & PLACE_JOIN) == 0 || tokens == 0) {
            break;
          } else {
            // a joiner: only if a capitalised word follows
            if (e + 1 < n && s[e] == ' ' && Character.isUpperCase(s[e + 1])) {
              p = e + 1;
              continue;
            }
            break;
          }
        } else {
          if ((f & COMMON) != 0) {
            break;
          }
          word = true;
        }
      } else {
        break;
      }
      end = e;
      if (e + 1 < n && s[e] == ' ' && Chars.isWordChar(s[e + 1]) && !postcodeAt(s, e + 1, n)) {
        if (lower) {
          break;
        }
        p = e + 1;
      } else {
        break;
      }
    }
    return word ? end : -1;
  }

  /** Whether a UK postcode ("SW1A 1AA", "SW1A1AA") starts at {@code q}. */
  private static boolean postcodeAt(char[] s, int q, int n) {
    int e = q;
    while (e < n && Chars.isAsciiAlnum(s[e])) {
      e++;
    }
    if (e - q >= 2
        && e - q <= 4
        && e + 4 <= n
        && s[e] == ' '
        && Checks.postcodeOutward(s, q, e)
        && Checks.postcodeInward(s, e + 1)) {
      return true;
    }
    return e - q >= 5
        && e - q <= 7
        && Checks.postcodeOutward(s, q, e - 3)
        && Checks.postcodeInward(s, e - 3);
  }

  /** Past a possessive "'s" at {@code e} ("St John's Road"), or {@code e}. */
  private static int possessive(char[] s, int e, int n) {
    return e + 1 < n
            && (s[e] == '\'' || s[e] == '\u2019')
            && s[e + 1] == 's'
            && (e + 2 == n || !Chars.isLetter(s[e + 2]))
        ? e + 2
        : e;
  }

  private static boolean lineStart(char[] s, int i) {
    int p = i - 1;
    while (p >= 0 && (s[p] == ' ' || s[p] == '\t')) {
      p--;
    }
    return p < 0 || s[p] == '\n' || s[p] == ':';
  }

  private static boolean endsWithIgnoreCase(char[] s, int to, String ending) {
    int len = ending.length();
    for (int k = 0; k < len; k++) {
      if (Character.toLowerCase(s[to - len + k]) != ending.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int report(Scan x, int start, int end, double score) {
    x.add(PersonalDataType.LOCATION, start, end, score);
    return end;
  }
}
