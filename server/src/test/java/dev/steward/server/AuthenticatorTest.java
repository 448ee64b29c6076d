package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  @Test
  void presentedKey_readsBearerCaseInsensitively() {
    assertThat(Authenticator.presentedKey(Map.of("authorization", "bearer  stw_abc ")::get))
        .isEqualTo("stw_abc");
  }

  @Test
  void presentedKey_fallsBackToXApiKey() {
    assertThat(Authenticator.presentedKey(Map.of("x-api-key", "stw_xyz")::get))
        .isEqualTo("stw_xyz");
  }

  @Test
  void presentedKey_noneIsNull() {
    assertThat(Authenticator.presentedKey(Map.<String, String>of()::get)).isNull();
  }
}
