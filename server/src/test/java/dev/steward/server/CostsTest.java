package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Capacity;
import dev.steward.config.Price;
import dev.steward.core.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CostsTest {
  private static final Price PRICE =
      new Price(new BigDecimal("2.00"), new BigDecimal("8.00"), new BigDecimal("1.00"));

  @Test
  void of_pricesCachedInputAtTheCachedRate() {
    assertThat(Costs.of(PRICE, new Usage(1000, 500, 200)))
        .isEqualByComparingTo(new BigDecimal("0.0058"));
  }

  @Test
  void of_freeRouteCostsNothing() {
    assertThat(Costs.of(Price.FREE, new Usage(10_000, 10_000, 0))).isEqualByComparingTo("0");
  }

  @Property
  void of_isAdditiveAcrossExchanges(
      @ForAll @LongRange(max = 1_000_000) long in1,
      @ForAll @LongRange(max = 1_000_000) long out1,
      @ForAll @LongRange(max = 1_000_000) long in2,
      @ForAll @LongRange(max = 1_000_000) long out2) {
    BigDecimal separate =
        Costs.of(PRICE, new Usage(in1, out1, 0)).add(Costs.of(PRICE, new Usage(in2, out2, 0)));
    BigDecimal together = Costs.of(PRICE, new Usage(in1 + in2, out1 + out2, 0));
    assertThat(separate).isEqualByComparingTo(together);
  }

  @Test
  void gpu_rateTimesGpusTimesShareOfAnHour() {
    Capacity pool = new Capacity(4, 10, Duration.ofSeconds(5), new BigDecimal("2.40"), 2);

    // 2.40 × 2 × 90 s / 3600 s
    assertThat(Costs.gpu(pool, Duration.ofSeconds(90))).isEqualByComparingTo("0.12");
    assertThat(Costs.gpu(pool, Duration.ofNanos(1))).isEqualByComparingTo("1.333333333333333E-12");
    assertThat(Costs.gpu(pool, Duration.ZERO)).isEqualByComparingTo("0");
  }

  @Test
  void gpu_poolWithoutRate_costsNothing() {
    assertThat(Costs.gpu(new Capacity(4, 10, Duration.ofSeconds(5)), Duration.ofHours(3)))
        .isEqualByComparingTo("0");
  }
}
