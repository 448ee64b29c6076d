package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing the admin key on the sign-in page is slowed: ten wrong keys, then 429 for a while. */
class AdminSignInIT {
  @Test
  void tenWrongKeys_thenEvenTheRightOneWaits_withRetryAfter(@TempDir Path dir) {
    try (GatewayFixture gw = new GatewayFixture(dir)) {
      AdminPagesClient admin = new AdminPagesClient(gw);
      for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
        assertThat(admin.form("/admin/login", "admin-key=guess-" + i, null, null).statusCode())
            .isEqualTo(401);
      }
      HttpResponse<String> refused =
          admin.form(
              "/admin/login",
              "admin-key=" + AdminPagesClient.enc(GatewayFixture.ADMIN_KEY),
              null,
              null);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
          .isBetween(1L, SignInThrottle.WINDOW.toSeconds());
      assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(refused.body()).contains("Too many attempts");
    }
  }
}
