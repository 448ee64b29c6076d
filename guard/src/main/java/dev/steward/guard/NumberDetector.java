package dev.steward.guard;

/**
 * Identifiers made of digits: NHS, UTR, passport, payment card, sort code, account number, IPv4
 * address and telephone numbers.
 *
 * <p>At a run of digits it gathers the sequence of digit groups that follow, separated by one
 * space, no-break space or hyphen ({@code 485 777 3456}, {@code 12-34-56}). Every contiguous slice
 * of that sequence that starts and ends at a boundary is a candidate; its digit count and grouping
 * decide which detectors look at it, and each validates before it scores.
 */
final class NumberDetector {
  static final Context NHS =
      Context.of(
          "nhs",
          "patient*",
          "chi",
          "h&c",
          "health*",
          "hospital*",
          "gp",
          "medical",
          "clinic*",
          "surgery");
  static final Context UTR =
      Context.of(
          "utr",
          "taxpayer*",
          "taxpayer reference",
          "tax",
          "tax reference",
          "hmrc",
          "self assessment",
          "self-assessment",
          "corporation");
  static final Context PASSPORT = Context.of("passport*");
  static final Context SORT_CODE = Context.of("sort code*", "sort-code*", "sortcode*");
  static final Context ACCOUNT =
      Context.of(
          "account*",
          "acc",
          "acct",
          "a/c",
          "sort code*",
          "sortcode*",
          "sort-code*",
          "bank*",
          "bacs");
  static final Context CARD =
      Context.of(
          "card*",
          "visa",
          "mastercard",
          "amex",
          "american express",
          "credit",
          "debit",
          "maestro",
          "payment*",
          "pay",
          "paid",
          "cvv",
          "expiry",
          "expires");
  static final Context PHONE =
      Context.of(
          "phone*",
          "tel",
          "telephone*",
          "mobile*",
          "mob",
          "call*",
          "ring*",
          "contact*",
          "text",
          "txt",
          "whatsapp",
          "landline",
          "fax",
          "dial*",
          "sms",
          "reach me",
          "number is");
  static final Context IP =
      Context.of(
          "ip",
          "ipv4",
          "ipv6",
          "address*",
          "host*",
          "server*",
          "client*",
          "router",
          "logged",
          "login*",
          "connect*",
          "firewall",
          "vpn",
          "request*",
          "source");

  static final double NHS_CONTEXT = 0.95;
  static final double NHS_BARE = 0.3;
  static final double UTR_CONTEXT = 0.95;
  static final double UTR_BARE = 0.3;
  static final double PASSPORT_CONTEXT = 0.9;
  static final double SORT_CODE_CONTEXT = 0.9;
  static final double ACCOUNT_CONTEXT = 0.85;
  static final double CARD_CONTEXT = 1.0;
  static final double CARD_BARE = 0.85;
  static final double PHONE_CONTEXT = 0.95;
  static final double PHONE_BARE = 0.7;
  static final double IPV4_CONTEXT = 0.95;
  static final double IPV4_BARE = 0.75;

  /**
   * The score of a card, phone or IPv4 candidate whose nearest context word is a reference word
   * ("order 4111 ...", "section 1.2.3.4"), below the default threshold.
   */
  static final double REFERENCE = 0.4;

  private NumberDetector() {}

  /** Handles the run of digits starting at {@code i}; returns where the pass goes on. */
  static int atDigits(Scan x, int i) {
    char[] s = x.s;
    int n = x.n;
    int runEnd = digitsEnd(s, i, n);
    if (runEnd < n && s[runEnd] == '.' && runEnd - i <= 3) {
      int len = Checks.ipv4Length(s, i, n);
      if (len > 0) {
        ipv4(x, i, i + len);
        return i + len;
      }
    }
    if (runEnd - i <= 4
        && runEnd + 2 < n
        && (s[runEnd] == ' '
            || (Chars.isAsciiLetter(s[runEnd]) && s[runEnd + 1] == ' ')
            || ((s[runEnd] == '-' || s[runEnd] == '/') && Chars.isDigit(s[runEnd + 1])))
        && x.startBoundary(i)) {
      int end = AddressDetector.atNumber(x, i, runEnd);
      if (end > 0) {
        return end;
      }
    }
    int g = 0;
    int nd = 0;
    int p = i;
    boolean glued = false;
    while (true) {
      int e = p == i ? runEnd : digitsEnd(s, p, n);
      if (nd + (e - p) > Scan.MAX_DIGITS) {
        if (g == 0) {
          return x.wordEnd(e);
        }
        break;
      }
      x.groupStart[g] = p;
      x.groupEnd[g] = e;
      x.groupDigit[g] = nd;
      for (int k = p; k < e; k++) {
        x.digits[nd++] = (byte) (s[k] - '0');
      }
      g++;
      if (e < n && Chars.isAsciiLetter(s[e])) {
        glued = true;
        break;
      }
      if (g < Scan.MAX_GROUPS
          && e + 1 < n
          && Chars.isGroupSeparator(s[e])
          && Chars.isDigit(s[e + 1])) {
        p = e + 1;
        continue;
      }
      break;
    }
    x.groupDigit[g] = nd;
    int seqEnd = x.groupEnd[g - 1];
    boolean prevOk = x.startBoundary(i);
    boolean nextOk = !glued && x.endBoundary(seqEnd);
    char after = seqEnd < n ? s[seqEnd] : 0;
    boolean utrK = glued && (after == 'K' || after == 'k') && x.endBoundary(seqEnd + 1);

    for (int a = 0; a < g; a++) {
      if (a == 0 && !prevOk) {
        continue;
      }
      int d = 0;
      for (int b = a; b < g; b++) {
        d += x.groupEnd[b] - x.groupStart[b];
        if (d > 19) {
          break;
        }
        if (b < g - 1 || nextOk) {
          candidate(x, a, b, d);
        } else if (utrK && d == 10 && a == b) {
          utr(x, x.groupDigit[a], x.groupStart[a], seqEnd + 1);
        }
      }
    }
    int phoneEnd = -1;
    if (x.wants(PersonalDataType.PHONE_NUMBER) && i >= x.phoneScannedTo && prevOk) {
      phoneEnd = phone(x, i);
    }
    if (utrK) {
      return seqEnd + 1;
    }
    return Math.max(phoneEnd, glued ? x.wordEnd(seqEnd) : seqEnd);
  }

  private static int digitsEnd(char[] s, int i, int n) {
    int e = i;
    while (e < n && Chars.isDigit(s[e])) {
      e++;
    }
    return e;
  }

  private static int len(Scan x, int group) {
    return x.groupEnd[group] - x.groupStart[group];
  }

  /** Groups a..b (inclusive), all of the given lengths. */
  private static boolean grouped(Scan x, int a, int b, int... lens) {
    if (b - a + 1 != lens.length) {
      return false;
    }
    for (int k = 0; k < lens.length; k++) {
      if (len(x, a + k) != lens[k]) {
        return false;
      }
    }
    return true;
  }

  private static void candidate(Scan x, int a, int b, int d) {
    int off = x.groupDigit[a];
    int start = x.groupStart[a];
    int end = x.groupEnd[b];
    boolean single = a == b;
    switch (d) {
      case 6 -> {
        if (single || grouped(x, a, b, 2, 2, 2)) {
          contextOnly(x, PersonalDataType.UK_SORT_CODE, SORT_CODE, start, end, SORT_CODE_CONTEXT);
        }
      }
      case 8 -> {
        if (single) {
          contextOnly(x, PersonalDataType.UK_BANK_ACCOUNT, ACCOUNT, start, end, ACCOUNT_CONTEXT);
        }
      }
      case 9 -> {
        if (single || grouped(x, a, b, 3, 3, 3)) {
          contextOnly(x, PersonalDataType.UK_PASSPORT, PASSPORT, start, end, PASSPORT_CONTEXT);
        }
      }
      case 10 ->
          tenDigits(
              x,
              off,
              start,
              end,
              single || grouped(x, a, b, 3, 3, 4),
              single || grouped(x, a, b, 5, 5));
      default -> {
        if (d >= 12 && (single || cardGrouping(x, a, b))) {
          card(x, off, d, start, end);
        }
      }
    }
  }

  /**
   * NHS and UTR numbers are both ten digits with a modulus-11 check; about one number in a hundred
   * passes both. When both pass and both have context, the one whose context word is nearer wins.
   */
  private static void tenDigits(
      Scan x, int off, int start, int end, boolean nhsShape, boolean utrShape) {
    boolean nhs =
        nhsShape
            && x.wants(PersonalDataType.UK_NHS)
            && Checks.nhsChecksum(x.digits, off)
            && Checks.nhsIssued(x.digits, off);
    boolean utr = utrShape && x.wants(PersonalDataType.UK_UTR) && Checks.utrChecksum(x.digits, off);
    int nhsLabel = nhs ? label(x, NHS, start, end) : Context.NONE;
    int utrLabel = utr ? label(x, UTR, start, end) : Context.NONE;
    if (nhs) {
      double score =
          nhsLabel == Context.NONE ? NHS_BARE : NHS_CONTEXT - (utrLabel < nhsLabel ? 0.05 : 0);
      x.add(PersonalDataType.UK_NHS, start, end, score);
    }
    if (utr) {
      double score =
          utrLabel == Context.NONE ? UTR_BARE : UTR_CONTEXT - (nhsLabel < utrLabel ? 0.05 : 0);
      x.add(PersonalDataType.UK_UTR, start, end, score);
    }
  }

  private static void utr(Scan x, int off, int start, int end) {
    if (x.wants(PersonalDataType.UK_UTR) && Checks.utrChecksum(x.digits, off)) {
      x.add(PersonalDataType.UK_UTR, start, end, score(x, UTR, start, end, UTR_CONTEXT, UTR_BARE));
    }
  }

  /** Types reported only beside their context words. */
  private static void contextOnly(
      Scan x, PersonalDataType type, Context context, int start, int end, double score) {
    if (x.wants(type) && label(x, context, start, end) != Context.NONE) {
      x.add(type, start, end, score);
    }
  }

  /**
   * The distance to the candidate's nearest context word, if no reference word ("order", "invoice",
   * ...) is nearer; otherwise {@link Context#NONE}.
   */
  static int label(Scan x, Context positive, int start, int end) {
    int label = positive.distance(x.s, start, end);
    if (label == Context.NONE) {
      return label;
    }
    return label <= Context.REFERENCE.distance(x.s, start, end) ? label : Context.NONE;
  }

  /**
   * {@code withContext} when a context word labels the candidate; otherwise {@code bare}, or {@link
   * #REFERENCE} if that is lower and a reference word labels it.
   */
  static double score(
      Scan x, Context positive, int start, int end, double withContext, double bare) {
    int label = positive.distance(x.s, start, end);
    int reference = Context.REFERENCE.distance(x.s, start, end);
    if (label != Context.NONE && label <= reference) {
      return withContext;
    }
    return reference != Context.NONE ? Math.min(bare, REFERENCE) : bare;
  }

  /** 4-4-4-4(-1..4), or American Express / Diners 4-6-5 and 4-6-4. */
  private static boolean cardGrouping(Scan x, int a, int b) {
    if (grouped(x, a, b, 4, 6, 5) || grouped(x, a, b, 4, 6, 4)) {
      return true;
    }
    if (b - a < 2) {
      return false;
    }
    for (int k = a; k < b; k++) {
      if (len(x, k) != 4) {
        return false;
      }
    }
    return len(x, b) >= 1 && len(x, b) <= 4;
  }

  private static void card(Scan x, int off, int len, int start, int end) {
    if (x.wants(PersonalDataType.CREDIT_CARD)
        && Checks.cardIssuer(x.digits, off, len)
        && Checks.luhn(x.digits, off, len)) {
      x.add(
          PersonalDataType.CREDIT_CARD,
          start,
          end,
          score(x, CARD, start, end, CARD_CONTEXT, CARD_BARE));
    }
  }

  private static void ipv4(Scan x, int start, int end) {
    if (x.wants(PersonalDataType.IP_ADDRESS) && x.startBoundary(start) && ipv4End(x, end)) {
      x.add(
          PersonalDataType.IP_ADDRESS,
          start,
          end,
          score(x, IP, start, end, IPV4_CONTEXT, IPV4_BARE));
    }
  }

  /** An address may be followed by a port or a prefix length, not by more dotted digits. */
  private static boolean ipv4End(Scan x, int end) {
    if (end >= x.n) {
      return true;
    }
    char c = x.s[end];
    if (c == '/' || c == ':') {
      return true;
    }
    return x.endBoundary(end) && !(c == '.' && end + 1 < x.n && Chars.isDigit(x.s[end + 1]));
  }

  /**
   * A telephone number starting at the digit {@code digitStart}: national ({@code 0...}) or
   * international ({@code +...}, possibly in brackets). The window runs over digits, spaces,
   * hyphens and brackets; its group ends are tried longest first with libphonenumber (region GB),
   * and the first valid number is reported. Returns its end, or -1.
   */
  private static int phone(Scan x, int digitStart) {
    char[] s = x.s;
    int n = x.n;
    int ws = digitStart;
    if (ws > 0 && s[ws - 1] == '(') {
      ws--;
    }
    if (ws > 0 && s[ws - 1] == '+') {
      ws--;
    }
    boolean plus = s[ws] == '+';
    if ((!plus && s[digitStart] != '0') || !x.startBoundary(ws)) {
      return -1;
    }
    int count = 0;
    int nd = 0;
    int gap = 0;
    int p = digitStart;
    while (p < n) {
      char c = s[p];
      if (Chars.isDigit(c)) {
        nd++;
        gap = 0;
        p++;
        if (nd > 17) {
          break;
        }
        if ((p == n || !Chars.isDigit(s[p])) && count < x.ends.length) {
          x.ends[count] = p;
          x.endDigits[count] = nd;
          count++;
        }
      } else if (gap < 2 && (Chars.isGroupSeparator(c) || c == '(' || c == ')')) {
        gap++;
        p++;
      } else {
        break;
      }
    }
    x.phoneScannedTo = p;
    int min = plus ? 8 : 9;
    int max = plus ? 17 : 15;
    for (int k = count - 1; k >= 0; k--) {
      int end = x.ends[k];
      int digits = x.endDigits[k];
      if (digits < min) {
        return -1;
      }
      if (digits <= max && x.endBoundary(end) && Phones.valid(s, ws, end)) {
        x.add(
            PersonalDataType.PHONE_NUMBER,
            ws,
            end,
            score(x, PHONE, ws, end, PHONE_CONTEXT, PHONE_BARE));
        return end;
      }
    }
    return -1;
  }
}
