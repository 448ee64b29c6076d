package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditEntry;
import dev.steward.eval.RunOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin pages' approvals, on real evidence: refused while a model has none, granted once an
 * evaluation run passes (and the model then serves the gated use case), revoked with a note — each
 * change in the log, made through the same control as the admin API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalPagesIT {
  private static final String USE_CASE = "justice/courts/triage";
  GatewayFixture gw;
  AdminPagesClient admin;
  Evaluations evaluations;
  String triage;

  @BeforeAll
  void start(@TempDir Path dir) {
    gw = new GatewayFixture(dir, EvaluationIT.USE_CASES);
    admin = new AdminPagesClient(gw);
    triage = gw.newKey("justice", "courts", "triage");
    evaluations =
        Evaluations.open(
            gw.config,
            gw.storage,
            Map.of("TEST_UPSTREAM_KEY", "sk-upstream-test"),
            InstantSource.system());
  }

  @AfterAll
  void stop() {
    evaluations.close();
    gw.close();
  }

  private int chat() {
    return gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sandbox-refuser\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "Authorization",
            "Bearer " + triage,
            "Content-Type",
            "application/json")
        .statusCode();
  }

  @Test
  void grant_refusedWithoutEvidence_grantedOnAPassingRun_thenRevoked() throws Exception {
    String cookie = admin.signIn();
    String csrf = AdminPagesClient.csrf(admin.get("/admin/models", cookie).body());
    String grant =
        "use-case="
            + AdminPagesClient.enc(USE_CASE)
            + "&model=sandbox-refuser&note="
            + AdminPagesClient.enc("CAB-3: refusal-core passed")
            + "&csrf="
            + AdminPagesClient.enc(csrf);

    HttpResponse<String> refused = admin.form("/admin/approvals", grant, cookie, null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("govuk-error-summary").contains("refusal-core");
    assertThat(chat()).isEqualTo(403);

    Evaluations.Target target = evaluations.targets("sandbox-refuser", null).get(0);
    evaluations.run(
        Evaluations.suite("refusal-core"),
        target,
        new RunOptions(4, null, null, Duration.ofSeconds(20)),
        (done, total, errors) -> {},
        "test",
        null);

    HttpResponse<String> granted = admin.form("/admin/approvals", grant, cookie, null);
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(303);
    assertThat(granted.headers().firstValue("Location"))
        .contains("/admin/models?done=approval-granted");
    GatewayFixture.eventually(() -> chat() == 200 ? Optional.of(true) : Optional.empty());
    String page = admin.get("/admin/models?done=approval-granted", cookie).body();
    assertThat(page).contains("Approval granted").contains(USE_CASE);

    String id = page.replaceAll("(?s).*<option value=\"(ap_[^\"]+)\".*", "$1");
    HttpResponse<String> revoked =
        admin.form(
            "/admin/approvals/revoke",
            "approval="
                + id
                + "&revoke-note="
                + AdminPagesClient.enc("CAB-4: withdrawn")
                + "&csrf="
                + AdminPagesClient.enc(csrf),
            cookie,
            null);
    assertThat(revoked.statusCode()).isEqualTo(303);
    GatewayFixture.eventually(() -> chat() == 403 ? Optional.of(true) : Optional.empty());
    assertThat(gw.entries(AuditEntry.ApprovalChange.class))
        .extracting(AuditEntry.ApprovalChange::action)
        .containsExactly(AuditEntry.ApprovalAction.GRANTED, AuditEntry.ApprovalAction.REVOKED);
  }
}
