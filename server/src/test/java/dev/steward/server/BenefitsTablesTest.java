package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BenefitsTablesTest {
  @Test
  void pounds_toThePenny_orTwoSignificantFiguresBelowAPenny() {
    assertThat(BenefitsTables.pounds(new BigDecimal("12.345"))).isEqualTo("£12.35");
    assertThat(BenefitsTables.pounds(new BigDecimal("0.25"))).isEqualTo("£0.25");
    assertThat(BenefitsTables.pounds(BigDecimal.ZERO)).isEqualTo("£0.00");
    assertThat(BenefitsTables.pounds(new BigDecimal("0.0000346667"))).isEqualTo("£0.000035");
    assertThat(BenefitsTables.pounds(new BigDecimal("0.000104"))).isEqualTo("£0.00010");
  }
}
