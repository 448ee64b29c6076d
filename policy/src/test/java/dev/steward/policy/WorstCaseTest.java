package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Price;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorstCaseTest {
  private static Price price(String input, String output, String cached) {
    return new Price(new BigDecimal(input), new BigDecimal(output), new BigDecimal(cached));
  }

  @Test
  void of_pricesEveryBodyByteAsAnInputToken_andMaxTokensPerChoice_atTheDearestRoute() {
    Price cheap = price("1", "2", "0.5");
    Price dear = price("3", "10", "1");
    Amount worst = WorstCase.of(1_000, 500, 2, List.of(cheap, dear));
    // 1000 × £3 + 1000 × £10, per million tokens.
    assertThat(worst.gbp()).isEqualByComparingTo("0.013");
    assertThat(worst.tokens()).isEqualTo(2_000);
  }

  @Test
  void of_takesTheDearerOfInputAndCachedInput_perRoute() {
    Amount worst = WorstCase.of(1_000_000, 0, 1, List.of(price("1", "1", "4")));
    assertThat(worst.gbp()).isEqualByComparingTo("4");
  }

  @Test
  void of_unpricedRoutes_costNothingButStillCountTokens() {
    Amount worst = WorstCase.of(10, 5, 1, List.of());
    assertThat(worst.gbp()).isEqualByComparingTo("0");
    assertThat(worst.tokens()).isEqualTo(15);
  }

  @Test
  void of_hugeNumbers_saturateRatherThanOverflow() {
    assertThat(WorstCase.of(Long.MAX_VALUE, Long.MAX_VALUE, 128, List.of()).tokens())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void of_badArguments_areRefused() {
    assertThatThrownBy(() -> WorstCase.of(1, 1, 0, List.of()))
        .hasMessage("choices: 0 (expected: >= 1)");
    assertThatThrownBy(() -> WorstCase.of(-1, 1, 1, List.of()))
        .hasMessage("inputBytes: -1 (expected: >= 0)");
  }
}
