package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {
  private static byte[] digits(String s) {
    String compact = s.replace(" ", "");
    byte[] d = new byte[compact.length()];
    for (int k = 0; k < d.length; k++) {
      d[k] = (byte) (compact.charAt(k) - '0');
    }
    return d;
  }

  @Test
  void nhs_publishedExampleHasValidChecksumButIsOutsideIssuedRanges() {
    // 943 476 5919 is the example NHS England uses in its guidance; 9xx is never issued.
    assertThat(Checks.nhsChecksum(digits("943 476 5919"), 0)).isTrue();
    assertThat(Checks.nhsIssued(digits("943 476 5919"), 0)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"401 023 2137", "485 777 3456", "600 000 0000", "799 999 9998"})
  void nhs_englandAndWalesRanges(String number) {
    byte[] d = digits(number);
    assertThat(Checks.nhsIssued(d, 0)).isTrue();
  }

  @Test
  void nhs_checksum() {
    assertThat(Checks.nhsChecksum(digits("4010232137"), 0)).isTrue();
    assertThat(Checks.nhsChecksum(digits("4010232138"), 0)).isFalse();
    // A check digit of 10 means the nine digits are never issued.
    assertThat(Checks.nhsChecksum(digits("4000000040"), 0)).isFalse();
  }

  @Test
  void nhs_scottishChiNeedsABirthDate() {
    assertThat(Checks.nhsIssued(digits("0101001234"), 0)).isTrue();
    assertThat(Checks.nhsIssued(digits("3112991234"), 0)).isTrue();
    assertThat(Checks.nhsIssued(digits("3102991234"), 0)).isFalse(); // 31 February
    assertThat(Checks.nhsIssued(digits("2902011234"), 0)).isFalse(); // 29 February 2001
    assertThat(Checks.nhsIssued(digits("2902041234"), 0)).isTrue();
    assertThat(Checks.nhsIssued(digits("0013001234"), 0)).isFalse();
  }

  @Test
  void nhs_northernIrelandRangeStartsAt3200000001() {
    assertThat(Checks.nhsIssued(digits("3200000000"), 0)).isFalse();
    assertThat(Checks.nhsIssued(digits("3200000001"), 0)).isTrue();
    assertThat(Checks.nhsIssued(digits("3999999999"), 0)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"5000000000", "8123456789", "9999999999"})
  void nhs_unissuedLeadingDigits(String number) {
    assertThat(Checks.nhsIssued(digits(number), 0)).isFalse();
  }

  @Test
  void utr_hmrcModulus11() {
    // digits 2-10 of 2234567890 weigh to 264; 264 mod 11 = 0 maps to check digit 2.
    assertThat(Checks.utrChecksum(digits("2234567890"), 0)).isTrue();
    assertThat(Checks.utrChecksum(digits("1234567890"), 0)).isFalse();
    for (int k = 0; k < 1000; k++) {
      String nine = String.format("%09d", k * 1_000_003L % 1_000_000_000L);
      String utr = Identifiers.utrCheck(nine) + nine;
      assertThat(Checks.utrChecksum(digits(utr), 0)).as(utr).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111111",
        "5555555555554444",
        "2223003122003222",
        "378282246310005",
        "6011111111111117",
        "3530111333300000",
        "4222222222222"
      })
  void card_publishedTestNumbers(String number) {
    byte[] d = digits(number);
    assertThat(Checks.luhn(d, 0, d.length)).isTrue();
    assertThat(Checks.cardIssuer(d, 0, d.length)).isTrue();
  }

  @Test
  void card_rejectsBadLuhnUnknownIssuerAndWrongLength() {
    byte[] bad = digits("4111111111111112");
    assertThat(Checks.luhn(bad, 0, bad.length)).isFalse();
    byte[] unknownIssuer = digits("9111111111111111");
    assertThat(Checks.cardIssuer(unknownIssuer, 0, 16)).isFalse();
    byte[] amexOf16 = digits("3782822463100050");
    assertThat(Checks.cardIssuer(amexOf16, 0, 16)).isFalse();
  }

  @Test
  void iban_isoExamples() {
    assertThat(Checks.ibanMod97("GB82WEST12345698765432".toCharArray(), 22)).isTrue();
    assertThat(Checks.ibanMod97("GB29NWBK60161331926819".toCharArray(), 22)).isTrue();
    assertThat(Checks.ibanMod97("GB82WEST12345698765433".toCharArray(), 22)).isFalse();
    assertThat(Checks.ibanMod97("GB28NWBK60161331926819".toCharArray(), 22)).isFalse();
  }

  @Test
  void nino_prefixRules() {
    assertThat(Checks.ninoPrefix('A', 'B')).isTrue();
    assertThat(Checks.ninoPrefix('O', 'A')).isTrue(); // O is allowed first
    for (String banned : new String[] {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}) {
      assertThat(Checks.ninoPrefix(banned.charAt(0), banned.charAt(1))).as(banned).isFalse();
    }
    for (char c : "DFIQUV".toCharArray()) {
      assertThat(Checks.ninoPrefix(c, 'A')).as(c + "A").isFalse();
      assertThat(Checks.ninoPrefix('A', c)).as("A" + c).isFalse();
    }
    assertThat(Checks.ninoPrefix('A', 'O')).isFalse();
    assertThat(Checks.ninoPrefix('a', 'b')).isFalse();
    assertThat(Checks.ninoSuffix('D')).isTrue();
    assertThat(Checks.ninoSuffix('E')).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SW1A 1AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "BT1 5GS",
        "JE2 3AB",
        "BF1 3AD"
      })
  void postcode_wikipediaExamples(String code) {
    char[] s = code.toCharArray();
    int space = code.indexOf(' ');
    assertThat(Checks.postcodeOutward(s, 0, space)).isTrue();
    assertThat(Checks.postcodeInward(s, space + 1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"QA1 1AA", "AA1 1AA", "SW1A 1CA", "SW1A 1AI", "W1I 0AX", "SWA 1AA"})
  void postcode_invalid(String code) {
    char[] s = code.toCharArray();
    int space = code.indexOf(' ');
    boolean valid = Checks.postcodeOutward(s, 0, space) && Checks.postcodeInward(s, space + 1);
    assertThat(valid).isFalse();
  }

  @Test
  void dvla_format() {
    assertThat(Checks.dvla("MORGA753116SM9IJ".toCharArray()))
        .isTrue(); // born 11 March 1976, female
    assertThat(Checks.dvla("LEE99812245J99AB".toCharArray()))
        .isTrue(); // short surname, one initial
    assertThat(Checks.dvla("MORGA713116SM9IJ".toCharArray())).isFalse(); // month 13
    assertThat(Checks.dvla("MORGA702316SM9IJ".toCharArray())).isFalse(); // 31 February
    assertThat(Checks.dvla("MORGA701326SM9IJ".toCharArray())).isFalse(); // 32 January
    assertThat(Checks.dvla("MORGA763116SM9IJ".toCharArray())).isFalse(); // month 63
    assertThat(Checks.dvla("MO9GA753116SM9IJ".toCharArray())).isFalse(); // letter after padding
    assertThat(Checks.dvla("9ORGA753116SM9IJ".toCharArray())).isFalse(); // no surname
    assertThat(Checks.dvla("MORGA753116S99IJ".toCharArray())).isTrue();
    assertThat(Checks.dvla("MORGA7531169M9IJ".toCharArray())).isFalse(); // first initial 9
  }

  @Test
  void ipv4_strictDottedQuad() {
    assertThat(Checks.ipv4Length("192.168.0.1".toCharArray(), 0, 11)).isEqualTo(11);
    assertThat(Checks.ipv4Length("255.255.255.255".toCharArray(), 0, 15)).isEqualTo(15);
    assertThat(Checks.ipv4Length("256.1.1.1".toCharArray(), 0, 9)).isEqualTo(-1);
    assertThat(Checks.ipv4Length("01.1.1.1".toCharArray(), 0, 8)).isEqualTo(-1);
    assertThat(Checks.ipv4Length("1.2.3".toCharArray(), 0, 5)).isEqualTo(-1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "fe80::1",
        "2001:db8::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "::ffff:192.0.2.128",
        "1:2:3:4:5:6:7::"
      })
  void ipv6_valid(String address) {
    assertThat(Checks.ipv6(address.toCharArray(), 0, address.length())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12:30:45",
        "1:2:3:4:5:6:7",
        "1::2::3",
        "12345::1",
        "1:2:3:4:5:6:7:8:9",
        ":1:2",
        "fe80:",
        "::ffff:999.0.2.128",
        "00:1A:2B:3C:4D:5E"
      })
  void ipv6_invalid(String address) {
    assertThat(Checks.ipv6(address.toCharArray(), 0, address.length())).isFalse();
  }
}
