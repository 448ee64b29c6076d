package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditEntry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages over plain HTTP: what every page is sent with, the admin session and its CSRF
 * token, forged and cross-site posts, the public receipt lookup by salt, assets and errors. (The
 * pages in a browser, with axe, are the browser module's tests.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesIT {
  GatewayFixture gw;
  AdminPagesClient admin;

  @BeforeAll
  void start(@TempDir Path dir) {
    gw = new GatewayFixture(dir);
    admin = new AdminPagesClient(gw);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void publicPages_areHtmlWithAStrictContentSecurityPolicy() {
    for (String path : new String[] {"/", "/transparency", "/atrs", "/benefits"}) {
      HttpResponse<String> res = gw.get(path);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      assertThat(res.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(res.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(res.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(res.body()).contains("<html lang=\"en-GB\"").contains("govuk-skip-link");
    }
  }

  @Test
  void atrs_everyConfiguredServiceHasARecordPageAndJson() {
    assertThat(gw.get("/atrs").body()).contains("href=\"/atrs/justice/courts\"");
    assertThat(gw.get("/atrs/justice/courts").body()).contains("Tier 1");
    HttpResponse<String> json = gw.get("/atrs/justice/courts.json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("\"service\"").contains("justice/courts");
    assertThat(gw.get("/atrs/justice/nowhere").statusCode()).isEqualTo(404);
    assertThat(gw.get("/atrs/justice").statusCode()).isEqualTo(404);
  }

  @Test
  void assets_areServedFromTheWebJars_andNothingElseIs() {
    HttpResponse<String> css = gw.get("/assets/govuk-frontend.min.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(gw.get("/assets/uplot/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    assertThat(gw.get("/assets/steward/../../META-INF/MANIFEST.MF").statusCode()).isEqualTo(404);
    assertThat(gw.get("/assets/nothing.css").statusCode()).isEqualTo(404);
    assertThat(gw.get("/no-such-page").statusCode()).isEqualTo(404);
  }

  @Test
  void receipt_needsTheExchangesSalt() {
    HttpResponse<String> chat =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            gw.auth());
    assertThat(chat.statusCode()).isEqualTo(200);
    String id = chat.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    String salt = chat.headers().firstValue("X-Steward-Commitment-Salt").orElseThrow();
    String q = "?request-id=" + enc(id) + "&salt=";
    assertThat(gw.get("/transparency/receipt" + q + enc("AAAA" + salt)).statusCode())
        .isEqualTo(404);
    assertThat(gw.get("/transparency/receipt.json" + q + "nope").statusCode()).isEqualTo(404);
    HttpResponse<String> page = gw.get("/transparency/receipt" + q + enc(salt));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Receipt for " + id).contains("Inclusion proof");
    HttpResponse<String> json = gw.get("/transparency/receipt.json" + q + enc(salt));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.body()).contains("\"entries\"");
  }

  @Test
  void admin_withoutASession_redirectsToSignIn_andAWrongKeyIsRefused() {
    HttpResponse<String> res = gw.get("/admin/services");
    assertThat(res.statusCode()).isEqualTo(303);
    assertThat(res.headers().firstValue("Location")).contains("/admin/login");
    HttpResponse<String> wrong = form("/admin/login", "admin-key=nope", null, null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("govuk-error-summary").contains("not right");
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void admin_signIn_setsAStrictHttpOnlyCookie_andFormsNeedItsCsrfToken() throws Exception {
    String cookie = signIn();
    HttpResponse<String> page = get("/admin/kill-switches", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
    String csrf = csrf(page.body());

    String body = "scope=model&target=sandbox-chat&note=" + enc("INC-9: pages test");
    assertThat(form("/admin/kill-switches", body, cookie, null).statusCode()).isEqualTo(403);
    assertThat(form("/admin/kill-switches", body + "&csrf=forged", cookie, null).statusCode())
        .isEqualTo(403);
    assertThat(
            form(
                    "/admin/kill-switches",
                    body + "&csrf=" + enc(csrf),
                    cookie,
                    "https://evil.example")
                .statusCode())
        .isEqualTo(403);
    assertThat(gw.entries(AuditEntry.KillSwitchChange.class)).isEmpty();

    HttpResponse<String> engaged =
        form("/admin/kill-switches", body + "&csrf=" + enc(csrf), cookie, null);
    assertThat(engaged.statusCode()).isEqualTo(303);
    assertThat(engaged.headers().firstValue("Location"))
        .contains("/admin/kill-switches?done=switch-engaged");
    HttpResponse<String> after = get("/admin/kill-switches?done=switch-engaged", cookie);
    assertThat(after.body()).contains("Kill switch engaged").contains("INC-9: pages test");
    String id = after.body().replaceAll("(?s).*<option value=\"(ks_[^\"]+)\".*", "$1");
    HttpResponse<String> lifted =
        form(
            "/admin/kill-switches/lift",
            "switch=" + enc(id) + "&lift-note=done&csrf=" + enc(csrf),
            cookie,
            null);
    assertThat(lifted.statusCode()).isEqualTo(303);
    assertThat(gw.entries(AuditEntry.KillSwitchChange.class)).hasSize(2);
  }

  @Test
  void admin_formErrors_areSummarisedAndLinkedToTheirFields() {
    String cookie = signIn();
    String csrf = csrf(get("/admin/kill-switches", cookie).body());
    HttpResponse<String> res =
        form("/admin/kill-switches", "scope=&target=&note=&csrf=" + enc(csrf), cookie, null);
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.body())
        .contains("<title>Error: Kill switches – Steward</title>")
        .contains("href=\"#f-scope\"")
        .contains("href=\"#f-note\"")
        .contains("govuk-form-group--error");
  }

  @Test
  void admin_createKey_showsItOnce_andTheKeyWorks() {
    String cookie = signIn();
    String csrf = csrf(get("/admin/services", cookie).body());
    HttpResponse<String> res =
        form(
            "/admin/keys",
            "use-case=" + enc("justice/courts/summarise") + "&label=pages&csrf=" + enc(csrf),
            cookie,
            null);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("href=\"/admin/services\" aria-current=\"page\"");
    String key = res.body().replaceAll("(?s).*<code>(stw_[^<]+)</code>.*", "$1");
    assertThat(key).startsWith("stw_");
    assertThat(gw.get("/v1/models", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
    assertThat(get("/admin/services", cookie).body()).doesNotContain(key);
  }

  @Test
  void admin_signOut_clearsTheCookie() {
    String cookie = signIn();
    String csrf = csrf(get("/admin", cookie).body());
    HttpResponse<String> res = form("/admin/logout", "csrf=" + enc(csrf), cookie, null);
    assertThat(res.statusCode()).isEqualTo(303);
    assertThat(res.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }

  // ------------------------------------------------------------------------------------------

  private String signIn() {
    return admin.signIn();
  }

  private static String csrf(String html) {
    return AdminPagesClient.csrf(html);
  }

  private HttpResponse<String> get(String path, String cookie) {
    return admin.get(path, cookie);
  }

  private HttpResponse<String> form(
      String path, String body, @Nullable String cookie, @Nullable String origin) {
    return admin.form(path, body, cookie, origin);
  }

  private static String enc(String s) {
    return AdminPagesClient.enc(s);
  }
}
