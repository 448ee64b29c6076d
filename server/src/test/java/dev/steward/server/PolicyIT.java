package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classification and residency policy, end to end: labels, refusals, and eligible routes only. */
class PolicyIT {
  private static final String RELAY =
      "{\"model\":\"relay\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  private static final String SANDBOX =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  private static final String ANSWER =
      """
      {"id":"c1","object":"chat.completion","created":1700000000,"model":"local-x",
       "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}
      """;

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static String ukOnly;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir);
    ukOnly = gw.newKey("justice", "courts", "uk-only");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String[] auth(String key, String... more) {
    String[] base = {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static AuditEntry.ExchangeRequest requestRecord(HttpResponse<String> r) throws Exception {
    long index = Long.parseLong(r.headers().firstValue(HttpFront.AUDIT_INDEX).orElseThrow());
    gw.log.published(index + 1).get();
    return (AuditEntry.ExchangeRequest) AuditEntryCodec.decode(gw.log.entry(index));
  }

  @Test
  void secret_isServedOnlyBySovereignRoutes_andLabelledInTheAnswerAndTheLog() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions", SANDBOX, auth(gw.key, "X-Steward-Classification", "secret"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Steward-Classification")).contains("SECRET");
    assertThat(requestRecord(r).classification()).isEqualTo("SECRET");

    int before = gw.upstream.requests().size();
    HttpResponse<String> relay =
        gw.post("/v1/chat/completions", RELAY, auth(gw.key, "X-Steward-Classification", "SECRET"));
    assertThat(relay.statusCode()).isEqualTo(403);
    assertThat(relay.headers().firstValue("X-Steward-Reason")).contains("policy.no_eligible_route");
    assertThat(relay.body()).contains("flaky/gpt-x: ceiling OFFICIAL");
    assertThat(gw.upstream.requests()).hasSize(before);
    AuditEntry.ExchangeRequest refused = requestRecord(relay);
    assertThat(refused.decision()).isEqualTo(AuditEntry.Decision.REFUSE);
    assertThat(refused.reason()).isEqualTo("policy.no_eligible_route");
  }

  @Test
  void unlabelled_takesTheDefault_orIsRefusedWhereTheUseCaseSaysSo() {
    HttpResponse<String> r = gw.post("/v1/chat/completions", SANDBOX, gw.auth());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Steward-Classification")).contains("OFFICIAL");

    HttpResponse<String> refused = gw.post("/v1/chat/completions", SANDBOX, auth(ukOnly));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.headers().firstValue("X-Steward-Reason")).contains("policy.unlabelled");
  }

  @Test
  void invalidLabel_isRefusedInTheCallersShape() {
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            "{\"model\":\"sandbox-chat\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            "x-api-key",
            gw.key,
            "Content-Type",
            "application/json",
            "X-Steward-Classification",
            "RESTRICTED");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"type\":\"error\"").contains("RESTRICTED");
    assertThat(r.headers().firstValue("X-Steward-Reason"))
        .contains("policy.invalid_classification");
  }

  @Test
  void residency_neverTriesARouteOutsideTheUseCasesCountries_evenAsFallback() {
    gw.upstream.enqueue(FakeUpstream.Scripted.json(200, ANSWER));
    int before = gw.upstream.requests().size();
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions", RELAY, auth(ukOnly, "X-Steward-Classification", "OFFICIAL"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(HttpFront.ROUTE)).contains("backup/local-x");
    assertThat(gw.upstream.requests().subList(before, gw.upstream.requests().size()))
        .allSatisfy(req -> assertThat(req.path()).startsWith("/backup/"));
  }
}
