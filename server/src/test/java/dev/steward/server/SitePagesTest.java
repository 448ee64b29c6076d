package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SitePagesTest {
  @Test
  void pounds_toThePenny_orTwoSignificantFiguresBelowAPenny() {
    assertThat(SitePages.pounds(new BigDecimal("12.345"))).isEqualTo("£12.35");
    assertThat(SitePages.pounds(new BigDecimal("0.25"))).isEqualTo("£0.25");
    assertThat(SitePages.pounds(BigDecimal.ZERO)).isEqualTo("£0.00");
    assertThat(SitePages.pounds(new BigDecimal("0.0000346667"))).isEqualTo("£0.000035");
    assertThat(SitePages.pounds(new BigDecimal("0.000104"))).isEqualTo("£0.00010");
  }
}
