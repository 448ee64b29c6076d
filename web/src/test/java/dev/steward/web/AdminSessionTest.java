package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminSessionTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final AdminSession sessions = AdminSession.create("admin-key-1");

  @Test
  void verify_acceptsItsOwnCookieUntilItExpires() {
    String cookie = sessions.issue(NOW);
    assertThat(sessions.verify(cookie, NOW.plusSeconds(60))).contains(cookie);
    assertThat(sessions.verify(cookie, NOW.plus(AdminSession.LIFETIME))).isEmpty();
  }

  @Test
  void verify_rejectsTamperedForeignAndMalformedCookies() {
    String cookie = sessions.issue(NOW);
    char last = cookie.charAt(cookie.length() - 1);
    String tampered = cookie.substring(0, cookie.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(sessions.verify(tampered, NOW)).isEmpty();
    assertThat(AdminSession.create("another-key").verify(cookie, NOW)).isEmpty();
    assertThat(sessions.verify(null, NOW)).isEmpty();
    assertThat(sessions.verify("", NOW)).isEmpty();
    assertThat(sessions.verify("a.b.c", NOW)).isEmpty();
    assertThat(sessions.verify("!!!.???", NOW)).isEmpty();
  }

  @Test
  void checkCsrf_acceptsOnlyTheSessionsOwnToken() {
    String one = sessions.issue(NOW);
    String two = sessions.issue(NOW);
    assertThat(one).isNotEqualTo(two);
    assertThat(sessions.checkCsrf(one, sessions.csrf(one))).isTrue();
    assertThat(sessions.checkCsrf(one, sessions.csrf(two))).isFalse();
    assertThat(sessions.checkCsrf(one, null)).isFalse();
    assertThat(sessions.checkCsrf(one, "")).isFalse();
  }
}
