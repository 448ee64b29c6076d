package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "5s, PT5S",
    "2m, PT2M",
    "1h, PT1H",
    "1d, PT24H",
    "0s, PT0S",
    "PT5S, PT5S",
    "PT1.5S, PT1.5S",
    "P1DT2H, PT26H",
    "PT1H30M, PT1H30M"
  })
  void duration_acceptedForms_parse(String text, String iso) {
    assertThat(Units.duration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "5",
        "5 s",
        "5sec",
        "-5s",
        "1.5s",
        "PT",
        "P",
        "PT-5S",
        "pt5s",
        "P1W",
        "P1Y",
        "1234567890s"
      })
  void duration_otherForms_areRejectedNamingTheText(String text) {
    assertThatThrownBy(() -> Units.duration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' (expected: a duration such as 500ms, 5s, 2m, 1h, 1d or PT5S)");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "65536, 65536", "64KiB, 65536", "8MiB, 8388608", "2GiB, 2147483648"})
  void bytes_acceptedForms_parse(String text, long expected) {
    assertThat(Units.bytes(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "8MB", "8 MiB", "8mib", "1.5MiB", "-1", "1TiB", "1234567890"})
  void bytes_otherForms_areRejected(String text) {
    assertThatThrownBy(() -> Units.bytes(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' (expected: a size in bytes such as 65536, 64KiB or 8MiB)");
  }

  @ParameterizedTest
  @CsvSource({
    "PT0.5S, 500ms",
    "PT2S, 2s",
    "PT2M, 2m",
    "PT3H, 3h",
    "PT48H, 2d",
    "PT0S, 0s",
    "PT1.0000005S, PT1.0000005S"
  })
  void format_writesTheShortestExactForm(String iso, String expected) {
    assertThat(Units.format(Duration.parse(iso))).isEqualTo(expected);
  }
}
