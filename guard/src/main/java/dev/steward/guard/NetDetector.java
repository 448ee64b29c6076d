package dev.steward.guard;

/** Email addresses (found at their {@code @}) and IPv6 addresses (found at a {@code :}). */
final class NetDetector {
  static final double EMAIL = 0.95;
  static final double IPV6_CONTEXT = 1.0;
  static final double IPV6_BARE = 0.9;

  private static final int MAX_LOCAL = 64;
  private static final int MAX_DOMAIN = 253;
  private static final int MAX_IPV6 = 45;

  private NetDetector() {}

  /**
   * An email address around the {@code @} at {@code at}: a local part of letters, digits and {@code
   * . _ % + -} (not starting or ending with a dot), and a domain of two or more dot-separated
   * labels of letters, digits and hyphens whose last label is two or more letters.
   */
  static int atSign(Scan x, int at) {
    char[] s = x.s;
    int a = at;
    while (a > 0 && at - a <= MAX_LOCAL && localChar(s[a - 1])) {
      a--;
    }
    if (at - a > MAX_LOCAL) {
      return at + 1;
    }
    while (a < at && s[a] == '.') {
      a++;
    }
    if (a == at || s[at - 1] == '.') {
      return at + 1;
    }
    int p = at + 1;
    int labels = 0;
    int end = -1;
    boolean lastAllLetters = false;
    while (p < x.n && p - at <= MAX_DOMAIN) {
      int q = p;
      boolean letters = true;
      while (q < x.n && (Chars.isAsciiAlnum(s[q]) || s[q] == '-')) {
        letters &= Chars.isAsciiLetter(s[q]);
        q++;
      }
      if (q == p || s[p] == '-' || s[q - 1] == '-') {
        break;
      }
      labels++;
      end = q;
      lastAllLetters = letters && q - p >= 2;
      if (q + 1 < x.n && s[q] == '.' && Chars.isAsciiAlnum(s[q + 1])) {
        p = q + 1;
      } else {
        break;
      }
    }
    if (labels < 2 || !lastAllLetters || (end < x.n && Chars.isWordChar(s[end]))) {
      return at + 1;
    }
    x.add(PersonalDataType.EMAIL_ADDRESS, a, end, EMAIL);
    return end;
  }

  private static boolean localChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  /**
   * An IPv6 address through the {@code :} at {@code colon}: the run of hex digits, colons and dots
   * around it, checked with a strict literal parser (no name lookups).
   */
  static int atColon(Scan x, int colon) {
    if (colon < x.ipv6ScannedTo || !x.wants(PersonalDataType.IP_ADDRESS)) {
      return colon + 1;
    }
    char[] s = x.s;
    int a = colon;
    while (a > 0 && colon - a < MAX_IPV6 && ipv6Char(s[a - 1]) && s[a - 1] != '.') {
      a--;
    }
    int e = colon + 1;
    while (e < x.n && e - a < MAX_IPV6 && ipv6Char(s[e])) {
      e++;
    }
    x.ipv6ScannedTo = e;
    if (a > 0 && (Chars.isWordChar(s[a - 1]) || s[a - 1] == '.')) {
      return colon + 1;
    }
    while (e > colon && s[e - 1] == '.') {
      e--;
    }
    if (e < x.n && Chars.isWordChar(s[e])) {
      return colon + 1;
    }
    int colons = 0;
    for (int k = a; k < e; k++) {
      if (s[k] == ':') {
        colons++;
      }
    }
    if (colons < 2) {
      return colon + 1;
    }
    if (!Checks.ipv6(s, a, e)) {
      // "fe80::1:" at the end of a clause: drop one trailing colon and try again.
      if (s[e - 1] == ':' && s[e - 2] != ':' && Checks.ipv6(s, a, e - 1)) {
        e--;
      } else {
        return colon + 1;
      }
    }
    double score = NumberDetector.IP.near(s, a, e) ? IPV6_CONTEXT : IPV6_BARE;
    x.add(PersonalDataType.IP_ADDRESS, a, e, score);
    return e;
  }

  private static boolean ipv6Char(char c) {
    return Chars.isHex(c) || c == ':' || c == '.';
  }
}
