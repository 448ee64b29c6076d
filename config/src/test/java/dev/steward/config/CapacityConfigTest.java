package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class CapacityConfigTest {
  private static final String PROVIDER =
      """
      sandbox: allowed
      providers:
        pool:
          protocol: sandbox
          residency: UK
          max-classification: OFFICIAL
          capacity: %s
      models:
        chat:
          routes:
            - {provider: pool, model: m}
      """;

  private static Capacity capacity(String block) {
    ProviderConfig p =
        Objects.requireNonNull(Yaml.parse(PROVIDER.formatted(block)).providers().get("pool"));
    return Objects.requireNonNull(p.capacity(), "capacity");
  }

  @Test
  void parse_gpuHourRateAndGpus_bind() {
    assertThat(capacity("{max-concurrency: 8, gpu-hour-gbp: 2.40, gpus: 4}"))
        .isEqualTo(new Capacity(8, 100, Duration.ofSeconds(10), new BigDecimal("2.40"), 4));
  }

  @Test
  void parse_withoutRate_notCostedAndOneGpu() {
    Capacity c = capacity("{max-concurrency: 8}");

    assertThat(c.gpuHourGbp()).isNull();
    assertThat(c.gpus()).isEqualTo(1);
  }

  @Test
  void parse_zeroGpusOrNegativeRate_rejectNamingTheKey() {
    assertThatThrownBy(() -> capacity("{max-concurrency: 8, gpus: 0}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.pool.capacity.gpus");
    assertThatThrownBy(() -> capacity("{max-concurrency: 8, gpu-hour-gbp: -1}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.pool.capacity.gpu-hour-gbp");
  }
}
