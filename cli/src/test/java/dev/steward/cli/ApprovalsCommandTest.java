package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.TransparencyLogConfig;
import dev.steward.server.TransparencyLogs;
import dev.steward.tlog.TileLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward approvals}, run in-process on the demo configuration, whose security triage use
 * case requires refusal-core accuracy of at least 0.85 (lower 95% bound).
 */
class ApprovalsCommandTest {
  private static final String TRIAGE = "security/incident-triage/triage-incident-reports";

  @TempDir Path dir;

  private Path data;
  private String config;

  @BeforeEach
  void demo() {
    data = dir.resolve("data");
    config = DemoCommand.writeDemoConfig(dir.resolve("cfg")).toString();
  }

  /** {@code steward ARGS --config CONFIG --data-dir DATA}. */
  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", config, "--data-dir", data.toString()));
    return CliRun.of(Map.of(), all.toArray(String[]::new));
  }

  private String evaluate(String model) {
    CliRun r = run("eval", "run", "refusal-core", "--model", model, "--no-progress");
    assertThat(r.code()).as(r.err()).isZero();
    return EvalCommandTest.runId(r);
  }

  private CliRun check(String model) {
    return run("approvals", "check", "--use-case", TRIAGE, "--model", model);
  }

  private CliRun grant(String model) {
    return run("approvals", "grant", "--use-case", TRIAGE, "--model", model, "--note", "CAB-12");
  }

  @Test
  void check_withoutEvidence_exits5() {
    CliRun r = check("sandbox-refuser");

    assertThat(r.code()).isEqualTo(5);
    assertThat(r.out())
        .contains("sandbox/sandbox-refuser: not met: no evidence for suite refusal-core");
  }

  @Test
  void check_modelThatComplies_exits5NamingTheFailingRule() {
    evaluate("sovereign-chat");

    CliRun r = check("sovereign-chat");

    assertThat(r.code()).isEqualTo(5);
    assertThat(r.out())
        .contains(
            "sovereign-sandbox/sovereign-chat: not met: refusal-core accuracy lower-95 0 < min"
                + " 0.85");
    assertThat(r.err()).contains("the evidence does not meet the rules");
  }

  @Test
  void check_refuser_exits0() {
    evaluate("sandbox-refuser");

    CliRun r = check("sandbox-refuser");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("sandbox/sandbox-refuser: evidence meets the rules until ");
  }

  @Test
  void check_ungatedUseCase_exits2() {
    CliRun r =
        run(
            "approvals",
            "check",
            "--use-case",
            "justice/probation-notes/summarise-case-notes",
            "--model",
            "sandbox-refuser");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no approval rules");
  }

  @Test
  void check_modelTheUseCaseMayNotCall_exits2() {
    CliRun r = check("sandbox-chat");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("model sandbox-chat: not one use case " + TRIAGE + " may call");
  }

  @Test
  void check_unknownUseCase_exits2() {
    CliRun r = run("approvals", "check", "--use-case", "security/nope", "--model", "x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--use-case: 'security/nope' not configured");
  }

  @Test
  void grant_modelThatComplies_isRefusedWithWhatItLacks() {
    evaluate("sovereign-chat");

    CliRun r = grant("sovereign-chat");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("not approved for " + TRIAGE)
        .contains("refusal-core accuracy lower-95 0 < min 0.85");
    assertThat(run("approvals", "list", "--all").out()).contains("no approvals");
  }

  @Test
  void grant_withoutEvidence_isRefused() {
    CliRun r = grant("sandbox-refuser");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not approved for " + TRIAGE).contains("no evidence");
  }

  @Test
  void grantListRevoke_roundTrip() {
    String evidence = evaluate("sandbox-refuser");

    CliRun granted = grant("sandbox-refuser");

    assertThat(granted.code()).as(granted.err()).isZero();
    assertThat(granted.err()).contains("steward: granted");
    String line = granted.out().strip();
    assertThat(line)
        .startsWith("ap_")
        .contains(TRIAGE)
        .contains("sandbox/sandbox-refuser")
        .contains("in force until")
        .contains("(evidence " + evidence + ")");
    String id = line.split("\\s+")[0];
    assertThat(run("approvals", "list").out()).contains(id);

    CliRun revoked = run("approvals", "revoke", id, "--note", "INC-3: answers changed");
    assertThat(revoked.code()).as(revoked.err()).isZero();
    assertThat(revoked.out()).contains(id).contains("revoked").contains("INC-3: answers changed");
    assertThat(run("approvals", "list").out()).doesNotContain(id).contains("no approval in force");
    assertThat(run("approvals", "list", "--all").out()).contains(id).contains("revoked");

    CliRun again = run("approvals", "revoke", id, "--note", "again");
    assertThat(again.code()).isEqualTo(4);
    assertThat(again.err()).contains("approval " + id + ": unknown or already revoked");
  }

  @Test
  void revoke_unknown_exits4() {
    assertThat(run("approvals", "revoke", "ap_0000000000000000", "--note", "x").code())
        .isEqualTo(4);
  }

  @Test
  void grant_noteOnSeveralLines_exits2() {
    evaluate("sandbox-refuser");

    CliRun r =
        run(
            "approvals",
            "grant",
            "--use-case",
            TRIAGE,
            "--model",
            "sandbox-refuser",
            "--note",
            "one\ntwo");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("note");
    assertThat(run("approvals", "list", "--all").out()).contains("no approvals");
  }

  @Test
  void grant_ungatedUseCase_exits2() {
    CliRun r =
        run(
            "approvals",
            "grant",
            "--use-case",
            "justice/probation-notes/summarise-case-notes",
            "--model",
            "sandbox-refuser",
            "--note",
            "x");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("has no approval rules");
  }

  @Test
  void list_withoutConfig_exits2() {
    CliRun r = CliRun.of(Map.of(), "approvals", "list", "--data-dir", data.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--config is required");
  }

  @Test
  void grantAndRevoke_areCommittedToTheTransparencyLog() {
    TransparencyLogs.open(TransparencyLogConfig.defaults(), data, Map.of()).close();
    String evidence = evaluate("sandbox-refuser");
    String id = grant("sandbox-refuser").out().strip().split("\\s+")[0];
    assertThat(run("approvals", "revoke", id, "--note", "INC-4").code()).isZero();

    List<AuditEntry> entries = new ArrayList<>();
    try (TileLog log = TransparencyLogs.open(TransparencyLogConfig.defaults(), data, Map.of())) {
      for (long i = 0; i < log.size(); i++) {
        entries.add(AuditEntryCodec.decode(log.entry(i)));
      }
    }
    assertThat(entries).hasSize(3);
    assertThat(entries.get(0))
        .isInstanceOfSatisfying(
            AuditEntry.EvalResult.class, e -> assertThat(e.runId()).isEqualTo(evidence));
    List<AuditEntry.ApprovalChange> changes =
        entries.stream()
            .filter(AuditEntry.ApprovalChange.class::isInstance)
            .map(AuditEntry.ApprovalChange.class::cast)
            .toList();
    assertThat(changes)
        .extracting(AuditEntry.ApprovalChange::action)
        .containsExactly(AuditEntry.ApprovalAction.GRANTED, AuditEntry.ApprovalAction.REVOKED);
    assertThat(changes)
        .allSatisfy(
            c -> {
              assertThat(c.approvalId()).isEqualTo(id);
              assertThat(c.useCase()).isEqualTo(TRIAGE);
              assertThat(c.runIds()).containsExactly(evidence);
              assertThat(c.actor()).startsWith("cli:");
            });
    assertThat(changes.get(0).note()).isEqualTo("CAB-12");
    assertThat(changes.get(1).note()).isEqualTo("INC-4");
  }

  @Test
  void demoHints_nameTheGatedUseCase_andWorkAsPrinted() {
    Path file = Path.of(config);
    String where = " --config " + file + " --data-dir " + file.getParent();

    List<String> hints = DemoCommand.approvalHints(ServeCommand.load(file, Map.of()), file);

    assertThat(hints).hasSize(4);
    assertThat(hints.get(0)).startsWith("# safety evidence gates " + TRIAGE + ": ");
    assertThat(hints.subList(1, 4))
        .containsExactly(
            "./steward eval run refusal-core --model sandbox-refuser" + where,
            "./steward approvals grant --use-case "
                + TRIAGE
                + " --model sandbox-refuser --note 'CAB-1: demo evidence'"
                + where,
            "./steward eval export RUN_ID --format inspect --output run.json" + where);

    CliRun evaluated = CliRun.of(Map.of(), words(hints.get(1)));
    assertThat(evaluated.code()).as(evaluated.err()).isZero();
    CliRun granted = CliRun.of(Map.of(), words(hints.get(2)));
    assertThat(granted.code()).as(granted.err()).isZero();
    assertThat(granted.out()).startsWith("ap_").contains(TRIAGE);
    Path out = dir.resolve("run.json");
    CliRun exported =
        CliRun.of(
            Map.of(),
            words(
                hints
                    .get(3)
                    .replace("RUN_ID", EvalCommandTest.runId(evaluated))
                    .replace("run.json", out.toString())));
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(out).isRegularFile();
  }

  @Test
  void demoHints_withoutAGatedUseCase_areNone() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("ungated.yaml"),
            """
            sandbox: allowed
            providers:
              sandbox: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
            models:
              chat: {routes: [{provider: sandbox, model: chat}]}
            departments:
              d:
                name: D
                services:
                  s:
                    name: S
                    use-cases:
                      u: {purpose: Try things, models: [chat]}
            """);

    assertThat(DemoCommand.approvalHints(ServeCommand.load(file, Map.of()), file)).isEmpty();
  }

  /** A printed command's arguments after {@code ./steward}, as a shell splits them. */
  private static String[] words(String command) {
    assertThat(command).startsWith("./steward ");
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : command.substring("./steward ".length()).toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
        }
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words.toArray(String[]::new);
  }
}
