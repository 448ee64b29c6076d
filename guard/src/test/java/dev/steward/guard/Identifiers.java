package dev.steward.guard;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates identifiers, valid and invalid, written the ways people write them. Check digits are
 * computed here by naive reference code, independent of {@link Checks}.
 */
final class Identifiers {
  static final List<String> POSTCODE_AREAS =
      List.of(
          "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF",
          "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
          "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "HA", "HD", "HG", "HP",
          "HR", "HS", "HU", "HX", "IG", "IP", "IV", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE",
          "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW",
          "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG",
          "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN",
          "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO",
          "ZE");
  static final List<String> SURNAMES =
      List.of(
          "SMITH",
          "JONES",
          "TAYLOR",
          "BROWN",
          "WILLIAMS",
          "WILSON",
          "JOHNSON",
          "DAVIES",
          "ROBINSON",
          "WRIGHT",
          "THOMPSON",
          "EVANS",
          "WALKER",
          "WHITE",
          "ROBERTS",
          "GREEN",
          "HALL",
          "WOOD",
          "JACKSON",
          "CLARKE",
          "PATEL",
          "KHAN",
          "LEE",
          "NG",
          "MORGAN",
          "OKAFOR",
          "MACLEOD");

  private static final String UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final Random r;

  Identifiers(Random r) {
    this.r = r;
  }

  Random random() {
    return r;
  }

  int nextInt(int bound) {
    return r.nextInt(bound);
  }

  <T> T pick(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  String digits(int count) {
    StringBuilder b = new StringBuilder(count);
    for (int k = 0; k < count; k++) {
      b.append((char) ('0' + r.nextInt(10)));
    }
    return b.toString();
  }

  /** Inserts {@code sep} after each of the given group lengths. */
  static String group(String compact, String sep, int... lens) {
    StringBuilder b = new StringBuilder();
    int p = 0;
    for (int len : lens) {
      if (p > 0) {
        b.append(sep);
      }
      b.append(compact, p, p + len);
      p += len;
    }
    if (p < compact.length()) {
      b.append(sep).append(compact, p, compact.length());
    }
    return b.toString();
  }

  // ---- NINO ----------------------------------------------------------------------------------

  static boolean validNinoPrefix(String p) {
    char a = p.charAt(0);
    char b = p.charAt(1);
    return "DFIQUV".indexOf(a) < 0
        && "DFIQUVO".indexOf(b) < 0
        && !List.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(p);
  }

  /** A valid NINO, or one with a prefix HMRC never issues or a suffix outside A-D. */
  String ninoCompact(boolean valid) {
    boolean badPrefix = !valid && r.nextBoolean();
    String prefix;
    do {
      prefix = "" + UPPER.charAt(r.nextInt(26)) + UPPER.charAt(r.nextInt(26));
    } while (validNinoPrefix(prefix) == badPrefix);
    char suffix = valid || badPrefix ? "ABCD".charAt(r.nextInt(4)) : "EFXZ".charAt(r.nextInt(4));
    return prefix + digits(6) + suffix;
  }

  String formatNino(String c) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3 -> c;
      case 4, 5, 6 ->
          c.substring(0, 2) + " " + group(c.substring(2, 8), " ", 2, 2, 2) + " " + c.charAt(8);
      case 7, 8 -> c.substring(0, 2) + " " + c.substring(2, 8) + " " + c.charAt(8);
      default -> c.toLowerCase(Locale.ROOT);
    };
  }

  // ---- NHS -----------------------------------------------------------------------------------

  /** Check digit of nine NHS digits, or -1 when it would be 10 (number never issued). */
  static int nhsCheck(String nine) {
    int sum = 0;
    for (int k = 0; k < 9; k++) {
      sum += (nine.charAt(k) - '0') * (10 - k);
    }
    int c = 11 - (sum % 11);
    return c == 11 ? 0 : c == 10 ? -1 : c;
  }

  /** A valid NHS (England/Wales/IoM), CHI (Scotland) or H&C (NI) number, compact. */
  String nhsCompact() {
    while (true) {
      String nine =
          switch (r.nextInt(10)) {
            case 0, 1 -> chiDate() + digits(3);
            case 2 -> "3" + (2 + r.nextInt(8)) + digits(7);
            default -> "467".charAt(r.nextInt(3)) + digits(8);
          };
      int c = nhsCheck(nine);
      String all = nine + (c < 0 ? "" : c);
      if (c >= 0 && !all.equals("3200000000")) {
        return all;
      }
    }
  }

  private String chiDate() {
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    return String.format(Locale.ROOT, "%02d%02d%02d", day, month, r.nextInt(100));
  }

  /** Ten digits that pass the NHS checksum but lie outside every issued range (5, 8, 9...). */
  String nhsUnissued() {
    while (true) {
      String nine = "589".charAt(r.nextInt(3)) + digits(8);
      int c = nhsCheck(nine);
      if (c >= 0) {
        return nine + c;
      }
    }
  }

  /** Ten digits in an issued range whose last digit is wrong. */
  String nhsBadChecksum() {
    String good = nhsCompact();
    int last = good.charAt(9) - '0';
    return good.substring(0, 9) + (char) ('0' + (last + 1 + r.nextInt(9)) % 10);
  }

  String formatNhs(String c) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> group(c, " ", 3, 3, 4);
      case 5 -> group(c, "-", 3, 3, 4);
      default -> c;
    };
  }

  // ---- UTR -----------------------------------------------------------------------------------

  static int utrCheck(String nine) {
    int[] w = {6, 7, 8, 9, 10, 5, 4, 3, 2};
    int sum = 0;
    for (int k = 0; k < 9; k++) {
      sum += (nine.charAt(k) - '0') * w[k];
    }
    return "21987654321".charAt(sum % 11) - '0';
  }

  String utrCompact() {
    String nine = digits(9);
    return utrCheck(nine) + nine;
  }

  String utrBadChecksum() {
    String nine = digits(9);
    return (char) ('0' + (utrCheck(nine) + 1 + r.nextInt(9)) % 10) + nine;
  }

  String formatUtr(String c) {
    return switch (r.nextInt(10)) {
      case 0, 1, 2 -> group(c, " ", 5, 5);
      case 3 -> c + "K";
      default -> c;
    };
  }

  // ---- passport, sort code, account ---------------------------------------------------------

  String passport() {
    return (char) ('1' + r.nextInt(9)) + digits(8);
  }

  String sortCode() {
    String c = digits(6);
    return r.nextInt(4) == 0 ? group(c, " ", 2, 2, 2) : group(c, "-", 2, 2, 2);
  }

  String account() {
    return digits(8);
  }

  // ---- DVLA ----------------------------------------------------------------------------------

  String licence() {
    String surname = pick(SURNAMES);
    if (surname.startsWith("MAC")) {
      surname = "MC" + surname.substring(3);
    }
    String five = (surname + "99999").substring(0, 5);
    int year = 1940 + r.nextInt(66);
    int month = 1 + r.nextInt(12);
    int day = 1 + r.nextInt(28);
    boolean female = r.nextBoolean();
    String dob =
        String.format(
            Locale.ROOT,
            "%d%02d%02d%d",
            (year / 10) % 10,
            month + (female ? 50 : 0),
            day,
            year % 10);
    String initials =
        "" + UPPER.charAt(r.nextInt(26)) + (r.nextInt(3) == 0 ? '9' : UPPER.charAt(r.nextInt(26)));
    String tail = "9" + alnum() + alnum();
    String c = five + dob + initials + tail;
    return r.nextInt(4) == 0
        ? c.substring(0, 5) + " " + c.substring(5, 11) + " " + c.substring(11)
        : c;
  }

  /** Licence-shaped text with an impossible birth month or day. */
  String licenceInvalid() {
    String c = licence().replace(" ", "");
    String bad = r.nextBoolean() ? "13" : "45";
    return c.substring(0, 6) + bad + c.substring(8);
  }

  private char alnum() {
    return r.nextBoolean() ? UPPER.charAt(r.nextInt(26)) : (char) ('0' + r.nextInt(10));
  }

  // ---- postcode ------------------------------------------------------------------------------

  String postcode() {
    String area = pick(POSTCODE_AREAS);
    String district = Integer.toString(1 + r.nextInt(area.length() == 1 ? 9 : 29));
    if (r.nextInt(10) == 0 && district.length() == 1) {
      district +=
          area.length() == 1
              ? "ABCDEFGHJKPSTUW".charAt(r.nextInt(15))
              : "ABEHMNPRVWXY".charAt(r.nextInt(12));
    }
    String inward =
        ""
            + r.nextInt(10)
            + UNIT_LETTERS.charAt(r.nextInt(20))
            + UNIT_LETTERS.charAt(r.nextInt(20));
    return area + district + (r.nextInt(12) == 0 ? "" : " ") + inward;
  }

  /** Postcode-shaped text whose area does not exist. */
  String postcodeInvalid() {
    String area;
    do {
      area = "" + "QVXJZ".charAt(r.nextInt(5)) + UPPER.charAt(r.nextInt(26));
    } while (POSTCODE_AREAS.contains(area) || List.of("GY", "JE", "IM", "BF").contains(area));
    return area
        + (1 + r.nextInt(9))
        + " "
        + r.nextInt(10)
        + UNIT_LETTERS.charAt(r.nextInt(20))
        + UNIT_LETTERS.charAt(r.nextInt(20));
  }

  // ---- phone ---------------------------------------------------------------------------------

  static boolean phoneValid(String text) {
    try {
      return PHONES.isValidNumber(PHONES.parse(text, "GB"));
    } catch (NumberParseException e) {
      return false;
    }
  }

  /** A valid UK number, national significant number only (no leading 0). */
  private String ukNsn() {
    while (true) {
      String nsn =
          switch (r.nextInt(6)) {
            case 0, 1, 2 -> "7" + "1234579".charAt(r.nextInt(7)) + digits(8);
            case 3 -> "20" + "378".charAt(r.nextInt(3)) + digits(7);
            case 4 -> "1" + digits(9);
            default -> "3" + "0347".charAt(r.nextInt(4)) + digits(8);
          };
      if (phoneValid("0" + nsn)) {
        return nsn;
      }
    }
  }

  String phone() {
    String nsn = ukNsn();
    String national = "0" + nsn;
    int split = nsn.startsWith("7") || nsn.startsWith("1") ? 5 : nsn.startsWith("2") ? 3 : 4;
    String spaced =
        nsn.startsWith("2")
            ? group(national, " ", 3, 4, 4)
            : split == 5 ? group(national, " ", 5, 6) : group(national, " ", 4, 3, 4);
    return switch (r.nextInt(10)) {
      case 0, 1, 2, 3 -> spaced;
      case 4, 5 -> national;
      case 6 -> "+44 " + spaced.substring(1);
      case 7 -> "+44 (0)" + spaced.substring(1);
      case 8 -> "+44" + nsn;
      default ->
          nsn.startsWith("7")
              ? group(national, "-", 5, 6)
              : "("
                  + spaced.substring(0, spaced.indexOf(' '))
                  + ")"
                  + spaced.substring(spaced.indexOf(' '));
    };
  }

  /** Digits that look like a UK number (leading 0, spaced) but are not valid ones. */
  String phoneInvalid() {
    while (true) {
      String c =
          switch (r.nextInt(3)) {
            case 0 -> "07700 900" + digits(3);
            case 1 -> "0" + (r.nextBoolean() ? "4" : "6") + digits(3) + " " + digits(6);
            default -> "0" + digits(3) + " " + digits(3);
          };
      if (!phoneValid(c)) {
        return c;
      }
    }
  }

  // ---- cards ---------------------------------------------------------------------------------

  static int luhnCheck(String body) {
    int sum = 0;
    for (int k = 0; k < body.length(); k++) {
      int d = body.charAt(body.length() - 1 - k) - '0';
      if (k % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return (10 - sum % 10) % 10;
  }

  String cardCompact(boolean valid) {
    String prefix;
    int len;
    switch (r.nextInt(5)) {
      case 0, 1 -> {
        prefix = "4";
        len = 16;
      }
      case 2 -> {
        prefix = Integer.toString(51 + r.nextInt(5));
        len = 16;
      }
      case 3 -> {
        prefix = r.nextBoolean() ? "34" : "37";
        len = 15;
      }
      default -> {
        prefix = Integer.toString(2221 + r.nextInt(500));
        len = 16;
      }
    }
    String body = prefix + digits(len - 1 - prefix.length());
    int check = luhnCheck(body);
    return body + (valid ? check : (check + 1 + r.nextInt(9)) % 10);
  }

  String formatCard(String c) {
    if (c.length() == 15) {
      return r.nextBoolean() ? group(c, " ", 4, 6, 5) : c;
    }
    return switch (r.nextInt(4)) {
      case 0, 1 -> group(c, " ", 4, 4, 4, 4);
      case 2 -> group(c, "-", 4, 4, 4, 4);
      default -> c;
    };
  }

  // ---- IBAN ----------------------------------------------------------------------------------

  static int ibanCheck(String bban, String country) {
    StringBuilder b = new StringBuilder();
    for (char c : (bban + country + "00").toCharArray()) {
      b.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return 98 - new BigInteger(b.toString()).mod(BigInteger.valueOf(97)).intValue();
  }

  String ibanCompact(boolean valid) {
    String bank =
        ""
            + UPPER.charAt(r.nextInt(26))
            + UPPER.charAt(r.nextInt(26))
            + UPPER.charAt(r.nextInt(26))
            + UPPER.charAt(r.nextInt(26));
    String bban = bank + digits(14);
    int check = ibanCheck(bban, "GB");
    if (!valid) {
      check = (check + 1 + r.nextInt(90)) % 97 + 2;
      if (check == ibanCheck(bban, "GB")) {
        check = check == 98 ? 2 : check + 1;
      }
    }
    return String.format(Locale.ROOT, "GB%02d%s", check, bban);
  }

  String formatIban(String c) {
    return r.nextInt(3) == 0 ? c : group(c, " ", 4, 4, 4, 4, 4);
  }

  // ---- email, IP -----------------------------------------------------------------------------

  String email() {
    String first = pick(List.of("jane", "john", "amira", "sam", "k", "olu", "mary-ann", "li"));
    String last = pick(SURNAMES).toLowerCase(Locale.ROOT);
    String domain =
        pick(
            List.of(
                "example.com", "example.co.uk", "nhs.net", "mail.example.org", "council.gov.uk"));
    return switch (r.nextInt(4)) {
      case 0 -> first + "." + last + "@" + domain;
      case 1 -> first + last + r.nextInt(100) + "@" + domain;
      case 2 -> first + "_" + last + "+tag@" + domain;
      default -> first.charAt(0) + last + "@" + domain;
    };
  }

  String ipv4() {
    return (1 + r.nextInt(223))
        + "."
        + r.nextInt(256)
        + "."
        + r.nextInt(256)
        + "."
        + (1 + r.nextInt(254));
  }

  String ipv6() {
    return switch (r.nextInt(3)) {
      case 0 ->
          "2001:db8::"
              + Integer.toHexString(r.nextInt(65536))
              + ":"
              + Integer.toHexString(r.nextInt(65536));
      case 1 -> {
        StringBuilder b = new StringBuilder("2a00");
        for (int k = 0; k < 7; k++) {
          b.append(':').append(Integer.toHexString(r.nextInt(65536)));
        }
        yield b.toString();
      }
      default -> "fe80::" + Integer.toHexString(1 + r.nextInt(65535));
    };
  }
}
