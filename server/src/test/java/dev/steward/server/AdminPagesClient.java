package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The admin pages as a browser without JavaScript would use them: forms, a cookie, a token. */
final class AdminPagesClient {
  private final GatewayFixture gw;

  AdminPagesClient(GatewayFixture gw) {
    this.gw = gw;
  }

  /** Signs in with the admin key and answers the session cookie ({@code steward-admin=…}). */
  String signIn() {
    HttpResponse<String> res =
        form(
            "/admin/login",
            "admin-key=" + enc(GatewayFixture.ADMIN_KEY),
            null,
            gw.base().toString().replaceAll("/$", ""));
    assertThat(res.statusCode()).isEqualTo(303);
    String setCookie = res.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/admin");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  /** The CSRF token a page's forms carry. */
  static String csrf(String html) {
    return html.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
  }

  HttpResponse<String> get(String path, String cookie) {
    return gw.send(
        HttpRequest.newBuilder(gw.base().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Cookie", cookie)
            .GET()
            .build());
  }

  HttpResponse<String> form(
      String path, String body, @Nullable String cookie, @Nullable String origin) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(gw.base().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return gw.send(b.build());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
