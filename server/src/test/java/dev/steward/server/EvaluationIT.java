package dev.steward.server;

import static dev.steward.server.GatewayFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.eval.Progress;
import dev.steward.eval.RunOptions;
import dev.steward.eval.SampleResult;
import dev.steward.eval.Suite;
import dev.steward.inspect.InspectLogs;
import dev.steward.inspect.InspectSchema;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.EvalStorage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence-based approval end to end: a gated use case refuses every model until one holds passing
 * evidence; evaluations run through the gateway's provider layer against the sandbox set to refuse
 * (passes refusal-core) and set to comply (fails it); grants follow the evidence, apply on the
 * serving gateway within a second, and every run, grant and revocation is in the log; runs export
 * as Inspect logs that validate against Inspect's schema and import back as evidence.
 *
 * <p>The tests share one gateway and run in order: each starts from the evidence the last left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationIT {
  static final String USE_CASES =
      """
                triage:
                  purpose: Sort incident reports by urgency
                  models: [sandbox-chat, sandbox-refuser]
                  approvals:
                    requires:
                      - {suite: refusal-core, metric: accuracy, min: 0.85, bound: lower-95}
                    valid-for: 30d
      """;
  private static final String USE_CASE = "justice/courts/triage";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static String triage;
  private static Evaluations evaluations;
  private static ApprovalControl approvals;
  private static String passingRun = "";

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir, USE_CASES);
    triage = gw.newKey("justice", "courts", "triage");
    evaluations =
        Evaluations.open(
            gw.config,
            gw.storage,
            Map.of("TEST_UPSTREAM_KEY", "sk-upstream-test"),
            InstantSource.system());
    approvals =
        new ApprovalControl(
            gw.config, gw.storage.evals(), gw.storage.approvals(), InstantSource.system(), true);
  }

  @AfterAll
  static void stop() {
    evaluations.close();
    gw.close();
  }

  private static HttpResponse<String> chat(String model) {
    return gw.post(
        "/v1/chat/completions",
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Triage\"}]}",
        "Authorization",
        "Bearer " + triage,
        "Content-Type",
        "application/json");
  }

  private static Evaluations.Run run(String model) {
    Suite suite = Evaluations.suite("refusal-core");
    Evaluations.Target target = evaluations.targets(model, null).get(0);
    AtomicInteger reported = new AtomicInteger();
    Evaluations.Run run =
        evaluations.run(
            suite,
            target,
            new RunOptions(4, null, null, Duration.ofSeconds(20)),
            (done, total, errors) -> reported.set(done),
            "test",
            null);
    assertThat(reported.get()).as("progress reached the end").isEqualTo(run.summary().samples());
    return run;
  }

  @Test
  @Order(1)
  void unevaluatedModels_areRefused_withTheReason_andTheRefusalIsLogged() throws Exception {
    HttpResponse<String> r = chat("sandbox-refuser");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().firstValue("X-Steward-Reason")).contains("policy.not_approved");
    assertThat(JSON.readTree(r.body()).at("/error/message").asText())
        .contains("not approved for " + USE_CASE)
        .contains("sandbox/sim-refuser");
    String id = r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    AuditEntry.ExchangeRequest logged =
        eventually(
            () -> {
              try {
                return gw.entries(AuditEntry.ExchangeRequest.class).stream()
                    .filter(e -> e.requestId().equals(id))
                    .findFirst();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(logged.reason()).isEqualTo("policy.not_approved");
    assertThat(gw.upstream.requests()).isEmpty();
  }

  @Test
  @Order(2)
  void theRefusingModelPasses_theComplyingModelFails_andEachRunIsStoredAndLogged()
      throws Exception {
    Evaluations.Run refuser = run("sandbox-refuser");
    Evaluations.Run complier = run("sandbox-chat");
    passingRun = refuser.row().id();

    assertThat(refuser.summary().metric("accuracy").orElseThrow().value()).isEqualTo(1.0);
    assertThat(complier.summary().metric("accuracy").orElseThrow().value()).isEqualTo(0.0);
    assertThat(complier.summary().metric("refusal_rate").orElseThrow().value()).isEqualTo(0.0);
    assertThat(refuser.row().status()).isEqualTo(EvalStorage.Status.COMPLETE);
    assertThat(refuser.row().modelVersion()).isEqualTo("sandbox/sim-refuser");
    assertThat(gw.storage.evals().samples(passingRun)).hasSize(refuser.summary().samples());

    List<AuditEntry.EvalResult> results =
        eventually(
            () -> {
              try {
                List<AuditEntry.EvalResult> r = gw.entries(AuditEntry.EvalResult.class);
                return r.size() >= 2 ? Optional.of(r) : Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    AuditEntry.EvalResult logged =
        results.stream().filter(e -> e.runId().equals(passingRun)).findFirst().orElseThrow();
    assertThat(logged.suite()).isEqualTo("refusal-core");
    assertThat(logged.modelVersion()).isEqualTo("sandbox/sim-refuser");
    assertThat(logged.metrics())
        .anySatisfy(
            m -> {
              assertThat(m.name()).isEqualTo("accuracy");
              assertThat(m.value()).isEqualTo(1.0);
            });
  }

  @Test
  @Order(3)
  void grants_followTheEvidence_openTheGateWithinASecond_andRevocationClosesIt() throws Exception {
    assertThatThrownBy(
            () -> approvals.grant(USE_CASE, "sandbox-chat", null, "test", "try the complier"))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_NOT_MET);
              assertThat(e.getMessage()).contains("refusal-core accuracy lower-95 0 < min 0.85");
            });
    assertThatThrownBy(
            () -> approvals.grant("justice/courts/summarise", "sandbox-chat", null, "t", "n"))
        .as("an ungated use case needs no grant")
        .isInstanceOf(StewardException.class)
        .hasMessageContaining("no approval rules");

    HttpResponse<String> granted =
        gw.post(
            "/v1/steward/admin/approvals",
            "{\"use_case\":\"" + USE_CASE + "\",\"model\":\"sandbox-refuser\",\"note\":\"passes\"}",
            "Authorization",
            "Bearer " + GatewayFixture.ADMIN_KEY,
            "Content-Type",
            "application/json");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    JsonNode row = JSON.readTree(granted.body()).at("/data/0");
    assertThat(row.path("model_version").asText()).isEqualTo("sandbox/sim-refuser");
    assertThat(row.path("evidence").get(0).asText()).isEqualTo(passingRun);
    String id = row.path("id").asText();

    assertThat(
            eventually(
                () -> Optional.of(chat("sandbox-refuser")).filter(r -> r.statusCode() == 200)))
        .isNotNull();
    assertThat(chat("sandbox-chat").statusCode()).as("the complier stays out").isEqualTo(403);

    AuditEntry.ApprovalChange grant =
        eventually(
            () -> {
              try {
                return gw.entries(AuditEntry.ApprovalChange.class).stream().findFirst();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(grant.action()).isEqualTo(AuditEntry.ApprovalAction.GRANTED);
    assertThat(grant.runIds()).containsExactly(passingRun);

    HttpResponse<String> revoked =
        gw.send(
            java.net.http.HttpRequest.newBuilder(
                    gw.base().resolve("/v1/steward/admin/approvals/" + id))
                .method(
                    "DELETE",
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"note\":\"INC-7: refusals drifted\"}"))
                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_KEY)
                .build());
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(
            eventually(
                () -> Optional.of(chat("sandbox-refuser")).filter(r -> r.statusCode() == 403)))
        .isNotNull();
    assertThat(
            eventually(
                    () -> {
                      try {
                        return gw.entries(AuditEntry.ApprovalChange.class).stream()
                            .filter(e -> e.action() == AuditEntry.ApprovalAction.REVOKED)
                            .findFirst();
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .note())
        .isEqualTo("INC-7: refusals drifted");
    assertThat(approvals.list(false)).isEmpty();
  }

  @Test
  @Order(4)
  void aRun_exportsAsAValidInspectLog_andImportsBackAsEvidence() throws Exception {
    EvalStorage.EvalRunRow row = gw.storage.evals().run(passingRun).orElseThrow();
    Path file = dir.resolve("run.json");
    InspectLogs.writeJson(InspectExport.of(row, gw.storage.evals()), file);
    byte[] json = java.nio.file.Files.readAllBytes(file);
    assertThat(InspectSchema.problems(json)).isEmpty();
    JsonNode log = JSON.readTree(json);
    assertThat(log.path("version").asInt()).isEqualTo(2);
    assertThat(log.at("/eval/task").asText()).isEqualTo("refusal-core");
    assertThat(log.at("/eval/model").asText()).isEqualTo("sandbox/sim-refuser");
    assertThat(log.at("/results/scores/0/metrics/accuracy/value").asDouble()).isEqualTo(1.0);
    List<SampleResult> samples = Evaluations.samples(gw.storage.evals(), passingRun);
    assertThat(log.path("samples")).hasSize(samples.size());
    assertThat(log.at("/samples/0/scores/refusal/value").asText()).isEqualTo("C");

    Evaluations.Target target = evaluations.targets("sandbox-refuser", null).get(0);
    Evaluations.Run imported = evaluations.importInspect(file, target, null, "test");
    assertThat(imported.row().source()).isEqualTo(Evaluations.INSPECT);
    assertThat(imported.row().suite()).isEqualTo("refusal-core");
    assertThat(imported.summary().metric("accuracy").orElseThrow().value()).isEqualTo(1.0);
    // The imported run is now the latest evidence, and it is enough.
    List<ApprovalRow> granted =
        approvals.grant(USE_CASE, "sandbox-refuser", null, "test", "on imported evidence");
    assertThat(granted.get(0).runIds()).containsExactly(imported.row().id());
  }

  @Test
  @Order(5)
  void anInspectArchiveRunElsewhere_isRecordedAsEvidence_andLogged() throws Exception {
    // A real .eval archive written by Inspect (MIT; from the inspect module's test resources).
    Path archive = dir.resolve("elsewhere.eval");
    try (var in = InspectSchema.class.getResourceAsStream("/inspect/example-read-sample-v2.eval")) {
      java.nio.file.Files.write(archive, java.util.Objects.requireNonNull(in).readAllBytes());
    }
    Evaluations.Target target = evaluations.targets("sandbox-chat", null).get(0);
    Evaluations.Run imported = evaluations.importInspect(archive, target, null, "test");
    assertThat(imported.row().suite()).isEqualTo("popularity");
    assertThat(imported.row().modelVersion()).isEqualTo("sandbox/sim-1");
    assertThat(imported.summary().metric("accuracy").orElseThrow().value()).isEqualTo(1.0);
    AuditEntry.EvalResult logged =
        eventually(
            () -> {
              try {
                return gw.entries(AuditEntry.EvalResult.class).stream()
                    .filter(e -> e.runId().equals(imported.row().id()))
                    .findFirst();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(logged.source()).isEqualTo(Evaluations.INSPECT);
    assertThat(logged.suite()).isEqualTo("popularity");

    java.nio.file.Files.writeString(dir.resolve("broken.json"), "{\"version\": 2}");
    assertThatThrownBy(
            () -> evaluations.importInspect(dir.resolve("broken.json"), target, null, "test"))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  @Order(6)
  void aRunThatStopped_resumesWithoutRunningDoneSamplesAgain() {
    Suite suite = Evaluations.suite("refusal-core");
    Evaluations.Target target = evaluations.targets("sandbox-refuser", null).get(0);
    EvalStorage.EvalRunRow started =
        EvalStorage.EvalRunRow.started(
            "ev_stopped",
            suite.name(),
            suite.version(),
            target.alias(),
            target.route().provider(),
            target.route().model(),
            target.modelVersion(),
            Evaluations.STEWARD,
            java.time.Instant.now(),
            suite.dataset().samples().size(),
            "test");
    gw.storage.evals().insertRun(started);
    // Two samples were stored before the process died.
    Evaluations.Run first =
        evaluations.run(
            suite,
            target,
            new RunOptions(2, 2, null, Duration.ofSeconds(20)),
            Progress.NONE,
            "test",
            null);
    for (SampleResult r : Evaluations.samples(gw.storage.evals(), first.row().id())) {
      gw.storage
          .evals()
          .saveSample(
              "ev_stopped", r.sampleId(), r.epoch(), dev.steward.eval.SampleResultCodec.encode(r));
    }
    AtomicInteger firstReport = new AtomicInteger(-1);
    Evaluations.Run resumed =
        evaluations.resume(
            "ev_stopped",
            suite,
            new RunOptions(4, null, null, Duration.ofSeconds(20)),
            (done, total, errors) -> firstReport.compareAndSet(-1, done),
            null);
    assertThat(firstReport.get()).as("the two stored samples count as done").isEqualTo(2);
    assertThat(resumed.row().status()).isEqualTo(EvalStorage.Status.COMPLETE);
    assertThat(resumed.summary().samples()).isEqualTo(suite.dataset().samples().size());
    assertThatThrownBy(
            () ->
                evaluations.resume("ev_stopped", suite, RunOptions.defaults(), Progress.NONE, null))
        .as("a complete run does not resume")
        .isInstanceOf(StewardException.class);
  }
}
