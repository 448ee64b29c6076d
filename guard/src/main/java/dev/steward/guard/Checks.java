package dev.steward.guard;

/**
 * The validation rules of each identifier, as pure functions over digits or characters. Sources are
 * cited in {@code docs/spec/personal-data.md}.
 */
final class Checks {
  private static final int[] UTR_WEIGHTS = {6, 7, 8, 9, 10, 5, 4, 3, 2};
  private static final String UTR_CHECK = "21987654321";
  private static final int[] DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  /** Two-letter NINO prefixes that HMRC never issues (NIM39110). */
  private static final String[] NINO_BANNED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};

  /** Royal Mail postcode areas, plus BF (British Forces). */
  private static final String[] POSTCODE_AREAS = {
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF",
    "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY",
    "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR",
    "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE",
    "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL",
    "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL",
    "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS",
    "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE"
  };

  /** Bit (first letter * 27 + second letter or 26 for one-letter areas) set for each area. */
  private static final long[] AREA_BITS = new long[(26 * 27 + 63) / 64];

  static {
    for (String area : POSTCODE_AREAS) {
      int k = areaKey(area.charAt(0), area.length() == 2 ? area.charAt(1) : 0);
      AREA_BITS[k >>> 6] |= 1L << (k & 63);
    }
  }

  private Checks() {}

  // ---- NHS / CHI / H&C -----------------------------------------------------------------------

  /** NHS modulus 11: weights 10..2 on the first nine digits; check 11 - sum mod 11, 11 -> 0. */
  static boolean nhsChecksum(byte[] d, int off) {
    int sum = 0;
    for (int k = 0; k < 9; k++) {
      sum += d[off + k] * (10 - k);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == d[off + 9];
  }

  /**
   * Whether a ten-digit number lies in a range issued to patients: England, Wales and Isle of Man
   * 400 000 000 0 - 499 999 999 9 and 600 000 000 0 - 799 999 999 9; Northern Ireland H&amp;C 320
   * 000 000 1 - 399 999 999 9; Scotland CHI 010 100 000 0 - 311 299 999 9 whose first six digits
   * are a valid DDMMYY date of birth.
   */
  static boolean nhsIssued(byte[] d, int off) {
    int first = d[off];
    if (first == 4 || first == 6 || first == 7) {
      return true;
    }
    if (first == 3 && d[off + 1] >= 2) {
      for (int k = 2; k < 10; k++) {
        if (d[off + k] != 0) {
          return true;
        }
      }
      return d[off + 1] > 2;
    }
    if (first <= 3) {
      int day = d[off] * 10 + d[off + 1];
      int month = d[off + 2] * 10 + d[off + 3];
      int year = d[off + 4] * 10 + d[off + 5];
      return validDate(day, month, year);
    }
    return false;
  }

  /** Day and month form a real date; 29 February only in years divisible by 4 (two-digit year). */
  static boolean validDate(int day, int month, int twoDigitYear) {
    if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]) {
      return false;
    }
    return month != 2 || day != 29 || twoDigitYear % 4 == 0;
  }

  // ---- UTR -----------------------------------------------------------------------------------

  /**
   * HMRC UTR: digits 2-10 weighted 6, 7, 8, 9, 10, 5, 4, 3, 2; the first digit is {@code
   * "21987654321"} at index (sum mod 11).
   */
  static boolean utrChecksum(byte[] d, int off) {
    int sum = 0;
    for (int k = 0; k < 9; k++) {
      sum += d[off + 1 + k] * UTR_WEIGHTS[k];
    }
    return UTR_CHECK.charAt(sum % 11) - '0' == d[off];
  }

  // ---- payment cards -------------------------------------------------------------------------

  static boolean luhn(byte[] d, int off, int len) {
    int sum = 0;
    boolean twice = false;
    for (int k = off + len - 1; k >= off; k--) {
      int v = d[k];
      if (twice) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /**
   * Whether the issuer prefix (IIN) belongs to a card scheme that issues numbers of this length.
   */
  static boolean cardIssuer(byte[] d, int off, int len) {
    int p1 = d[off];
    int p2 = p1 * 10 + d[off + 1];
    int p3 = p2 * 10 + d[off + 2];
    int p4 = p3 * 10 + d[off + 3];
    int p6 = (p4 * 10 + d[off + 4]) * 10 + d[off + 5];
    if (p1 == 4) { // Visa
      return len == 13 || len == 16 || len == 19;
    }
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) { // Mastercard
      return len == 16;
    }
    if (p2 == 34 || p2 == 37) { // American Express
      return len == 15;
    }
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
      return len >= 16 && len <= 19; // Discover
    }
    if (p4 >= 3528 && p4 <= 3589) { // JCB
      return len >= 16 && len <= 19;
    }
    if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) { // Diners Club
      return len >= 14 && len <= 19;
    }
    if (p2 == 62) { // UnionPay
      return len >= 16 && len <= 19;
    }
    if (p4 == 5018
        || p4 == 5020
        || p4 == 5038
        || p4 == 5893
        || p4 == 6304
        || p4 == 6759
        || (p4 >= 6761 && p4 <= 6763)) { // Maestro
      return len >= 12 && len <= 19;
    }
    return false;
  }

  // ---- IBAN ----------------------------------------------------------------------------------

  /** ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 == 1. */
  static boolean ibanMod97(char[] c, int len) {
    int rem = 0;
    for (int k = 0; k < len; k++) {
      char ch = c[(k + 4) % len];
      if (Chars.isDigit(ch)) {
        rem = (rem * 10 + (ch - '0')) % 97;
      } else {
        rem = (rem * 100 + (ch - 'A' + 10)) % 97;
      }
    }
    return rem == 1;
  }

  // ---- NINO ----------------------------------------------------------------------------------

  /**
   * HMRC NIM39110: D, F, I, Q, U and V are never the first or second prefix letter, O is never the
   * second, and BG, GB, KN, NK, NT, TN and ZZ are never issued. Letters must be upper case here.
   */
  static boolean ninoPrefix(char a, char b) {
    if (!Chars.isUpper(a) || !Chars.isUpper(b)) {
      return false;
    }
    if ("DFIQUV".indexOf(a) >= 0 || "DFIOQUV".indexOf(b) >= 0) {
      return false;
    }
    for (String banned : NINO_BANNED) {
      if (banned.charAt(0) == a && banned.charAt(1) == b) {
        return false;
      }
    }
    return true;
  }

  static boolean ninoSuffix(char c) {
    return c >= 'A' && c <= 'D';
  }

  // ---- postcode ------------------------------------------------------------------------------

  private static int areaKey(char first, char second) {
    return (first - 'A') * 27 + (second == 0 ? 26 : second - 'A');
  }

  /** Whether the letters are a postcode area; {@code second} is 0 for one-letter areas. */
  static boolean postcodeArea(char first, char second) {
    if (!Chars.isUpper(first) || (second != 0 && !Chars.isUpper(second))) {
      return false;
    }
    int k = areaKey(first, second);
    return (AREA_BITS[k >>> 6] & (1L << (k & 63))) != 0;
  }

  /** Letters allowed in the last two places of a postcode (never C, I, K, M, O or V). */
  static boolean postcodeUnitLetter(char c) {
    return Chars.isUpper(c) && "CIKMOV".indexOf(c) < 0;
  }

  /**
   * Whether {@code s[from, to)} is a valid outward code: area then district, in one of the forms
   * A9, A99, A9A, AA9, AA99, AA9A, where the area is a real postcode area.
   */
  static boolean postcodeOutward(char[] s, int from, int to) {
    int len = to - from;
    if (len < 2 || len > 4) {
      return false;
    }
    char c0 = s[from];
    char c1 = s[from + 1];
    int p;
    if (Chars.isUpper(c1)) {
      if (!postcodeArea(c0, c1)) {
        return false;
      }
      p = from + 2;
    } else {
      if (!postcodeArea(c0, (char) 0)) {
        return false;
      }
      p = from + 1;
    }
    int rest = to - p;
    if (rest < 1 || rest > 2 || !Chars.isDigit(s[p])) {
      return false;
    }
    if (rest == 1) {
      return true;
    }
    char last = s[p + 1];
    if (Chars.isDigit(last)) {
      return true;
    }
    // A9A uses ABCDEFGHJKPSTUW, AA9A uses ABEHMNPRVWXY.
    return p == from + 1 ? "ABCDEFGHJKPSTUW".indexOf(last) >= 0 : "ABEHMNPRVWXY".indexOf(last) >= 0;
  }

  /** Whether {@code s[from, from + 3)} is a valid inward code: a digit and two unit letters. */
  static boolean postcodeInward(char[] s, int from) {
    return Chars.isDigit(s[from])
        && postcodeUnitLetter(s[from + 1])
        && postcodeUnitLetter(s[from + 2]);
  }

  // ---- DVLA ----------------------------------------------------------------------------------

  /**
   * Whether 16 upper-case characters form a DVLA driver number: surname (1-5 letters, padded with
   * 9s), decade digit, birth month (01-12, or 51-62 for women), birth day (valid for the month),
   * year digit, two initials (the second may be 9), a digit, two check characters.
   */
  static boolean dvla(char[] c) {
    if (!Chars.isUpper(c[0])) {
      return false;
    }
    boolean padding = false;
    for (int k = 1; k < 5; k++) {
      if (c[k] == '9') {
        padding = true;
      } else if (!Chars.isUpper(c[k]) || padding) {
        return false;
      }
    }
    for (int k = 5; k < 11; k++) {
      if (!Chars.isDigit(c[k])) {
        return false;
      }
    }
    int month = (c[6] - '0') * 10 + (c[7] - '0');
    if (month > 50) {
      month -= 50;
    }
    int day = (c[8] - '0') * 10 + (c[9] - '0');
    int year = (c[5] - '0') * 10 + (c[10] - '0');
    if (!validDate(day, month, year)) {
      return false;
    }
    if (!Chars.isUpper(c[11]) || !(Chars.isUpper(c[12]) || c[12] == '9')) {
      return false;
    }
    if (!Chars.isDigit(c[13])) {
      return false;
    }
    return (Chars.isUpper(c[14]) || Chars.isDigit(c[14]))
        && (Chars.isUpper(c[15]) || Chars.isDigit(c[15]));
  }

  // ---- IP ------------------------------------------------------------------------------------

  /**
   * Strict IPv6 literal check of {@code s[from, to)}: one to four hex digits per group, at most one
   * "::", eight groups without it and at most seven with it, an optional dotted IPv4 tail counting
   * as two groups. No zone, no prefix length.
   */
  static boolean ipv6(char[] s, int from, int to) {
    int p = from;
    int groups = 0;
    boolean compressed = false;
    if (to - from < 2) {
      return false;
    }
    if (s[p] == ':') {
      if (s[p + 1] != ':') {
        return false;
      }
      compressed = true;
      p += 2;
    }
    while (p < to) {
      int q = p;
      while (q < to && q - p < 5 && Chars.isHex(s[q])) {
        q++;
      }
      if (q < to && s[q] == '.') {
        if (ipv4Length(s, p, to) != to - p) {
          return false;
        }
        groups += 2;
        p = to;
        break;
      }
      int len = q - p;
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      p = q;
      if (p == to) {
        break;
      }
      if (s[p] != ':') {
        return false;
      }
      p++;
      if (p < to && s[p] == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        p++;
      } else if (p == to) {
        return false;
      }
    }
    return groups > 0 && (compressed ? groups <= 7 : groups == 8);
  }

  /**
   * The length of a dotted-quad IPv4 address at {@code s[from]} (four decimal octets 0-255 without
   * leading zeros), or -1. Does not look past {@code to}.
   */
  static int ipv4Length(char[] s, int from, int to) {
    int p = from;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (p >= to || s[p] != '.') {
          return -1;
        }
        p++;
      }
      int q = p;
      int value = 0;
      while (q < to && q - p < 4 && Chars.isDigit(s[q])) {
        value = value * 10 + (s[q] - '0');
        q++;
      }
      int len = q - p;
      if (len == 0 || len > 3 || value > 255 || (len > 1 && s[p] == '0')) {
        return -1;
      }
      p = q;
    }
    return p - from;
  }
}
