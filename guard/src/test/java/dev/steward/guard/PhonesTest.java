package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PhonesTest {
  /** The fast path gives libphonenumber's own answer on UK-shaped numbers. */
  @Test
  void agreesWithLibphonenumberOnUkNumbers() {
    Random r = new Random(7);
    int valid = 0;
    for (int k = 0; k < 4000; k++) {
      StringBuilder b = new StringBuilder(r.nextInt(3) == 0 ? "+44 " : "0");
      b.append("123789".charAt(r.nextInt(6)));
      int len = 8 + r.nextInt(3);
      for (int d = 0; d < len; d++) {
        b.append((char) ('0' + r.nextInt(10)));
      }
      String number = b.toString();
      boolean expected = Identifiers.phoneValid(number);
      char[] chars = number.toCharArray();
      assertThat(Phones.valid(chars, 0, chars.length)).as(number).isEqualTo(expected);
      valid += expected ? 1 : 0;
    }
    assertThat(valid).as("sample holds valid numbers too").isGreaterThan(500);
  }

  @Test
  void crownDependencyNumbersAreUkNumbers() {
    char[] jersey = "01534 123456".toCharArray();
    assertThat(Phones.valid(jersey, 0, jersey.length))
        .isEqualTo(Identifiers.phoneValid("01534 123456"));
  }

  @Test
  void otherCountriesGoThroughLibphonenumber() {
    char[] us = "+1 202 555 0143".toCharArray();
    assertThat(Phones.valid(us, 0, us.length)).isTrue();
    char[] bad = "+999 1234 5678".toCharArray();
    assertThat(Phones.valid(bad, 0, bad.length)).isFalse();
  }
}
