package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.RouteConfig;
import org.junit.jupiter.api.Test;

class ModelVersionTest {
  private static final String HASH =
      "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

  @Test
  void of_routeWithoutWeightsHash_isProviderSlashModel() {
    assertThat(ModelVersion.of(new RouteConfig("openai", "gpt-4o-2024-08-06", 0, 1, "2024-08-06")))
        .isEqualTo("openai/gpt-4o-2024-08-06");
  }

  @Test
  void of_routeWithWeightsHash_appendsItsFirst16HexDigitsInLowerCase() {
    assertThat(ModelVersion.of(new RouteConfig("isambard", "llama", 0, 1, null, HASH)))
        .isEqualTo("isambard/llama@sha256:9f86d081884c7d65");
  }

  @Test
  void of_newWeightsOrNewModelId_isANewVersion_butTheDescriptiveVersionIsNot() {
    String base = ModelVersion.of(new RouteConfig("isambard", "llama", 0, 1, "1", HASH));
    String rebuilt =
        ModelVersion.of(new RouteConfig("isambard", "llama", 0, 1, "1", "0" + HASH.substring(1)));
    String renamed = ModelVersion.of(new RouteConfig("isambard", "llama-2", 0, 1, "1", HASH));
    String relabelled = ModelVersion.of(new RouteConfig("isambard", "llama", 5, 9, "2", HASH));

    assertThat(rebuilt).isNotEqualTo(base);
    assertThat(renamed).isNotEqualTo(base);
    assertThat(relabelled).as("priority, weight and version text are not identity").isEqualTo(base);
  }
}
