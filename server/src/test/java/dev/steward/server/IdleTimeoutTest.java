package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdleTimeoutTest {
  private static StewardConfig config(String readTimeout, String upstreamIdle) {
    String yaml =
        """
        server: {read-timeout: %s}
        providers:
          slow:
            protocol: openai-compatible
            base-uri: http://127.0.0.1:9/v1
            residency: UK
            max-classification: OFFICIAL
            timeouts: {idle: %s}
        models:
          m: {routes: [{provider: slow, model: m}]}
        departments:
          d:
            name: D
            services:
              s:
                name: S
                use-cases:
                  u: {purpose: Test}
        """
            .formatted(readTimeout, upstreamIdle);
    return ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
  }

  @Test
  void aStreamWaitingOnASlowModel_isNotCutBeforeItsUpstreamTimeout() {
    assertThat(StewardServer.idleTimeout(config("30s", "60s"))).isEqualTo(Duration.ofSeconds(65));
  }

  @Test
  void aLongerReadTimeout_isKept() {
    assertThat(StewardServer.idleTimeout(config("2m", "60s"))).isEqualTo(Duration.ofMinutes(2));
  }
}
