package dev.steward.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.audit.AuditEntry.ApprovalAction;
import dev.steward.audit.AuditEntry.ApprovalChange;
import dev.steward.audit.AuditEntry.Caller;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntry.EvalMetric;
import dev.steward.audit.AuditEntry.EvalResult;
import dev.steward.audit.AuditEntry.ExchangeCompletion;
import dev.steward.audit.AuditEntry.ExchangeRequest;
import dev.steward.audit.AuditEntry.GuardFinding;
import dev.steward.audit.AuditEntry.Guards;
import dev.steward.audit.AuditEntry.InjectionResult;
import dev.steward.audit.AuditEntry.KeyAction;
import dev.steward.audit.AuditEntry.KeyChange;
import dev.steward.audit.AuditEntry.KillSwitchAction;
import dev.steward.audit.AuditEntry.KillSwitchChange;
import dev.steward.audit.AuditEntry.PolicyChange;
import dev.steward.audit.AuditEntry.Review;
import dev.steward.audit.AuditEntry.Route;
import dev.steward.audit.AuditEntry.Tokens;
import dev.steward.tlog.Hash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuditEntryCodecTest {
  static final Instant TIME = Instant.parse("2026-11-27T09:30:00.123456Z");
  static final Caller CALLER = new Caller("moj", "probation", "case-notes", "key_01hx7k2m");
  static final Hash PROMPT =
      Hash.of(
          HexFormat.of()
              .parseHex("e84b302a4e7ed81112e911ae82d2b451a81f54509c067735e785b634b1678da1"));

  /** The examples of docs/spec/audit-entry.md, byte for byte. */
  static final String REQUEST_JSON =
      "{\"v\":1,\"kind\":\"exchange-request\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"request_id\":\"req_1ktq3f0a2b4c6abcd1234\",\"department\":\"moj\","
          + "\"service\":\"probation\",\"use_case\":\"case-notes\",\"key_id\":\"key_01hx7k2m\","
          + "\"api\":\"openai\",\"endpoint\":\"chat\",\"model\":\"gpt-4o\","
          + "\"classification\":null,\"decision\":\"allow\",\"reason\":\"ok\",\"stream\":true,"
          + "\"prompt_commitment\":"
          + "\"e84b302a4e7ed81112e911ae82d2b451a81f54509c067735e785b634b1678da1\"}";

  static final String COMPLETION_JSON =
      "{\"v\":1,\"kind\":\"exchange-completion\",\"time\":\"2026-11-27T09:30:01.500000Z\","
          + "\"request_id\":\"req_1ktq3f0a2b4c6abcd1234\",\"request_index\":41,\"outcome\":\"ok\","
          + "\"status\":200,\"route\":{\"id\":\"openai/gpt-4o\",\"provider\":\"openai\","
          + "\"model\":\"gpt-4o\",\"version\":\"gpt-4o-2024-08-06\"},"
          + "\"tokens\":{\"input\":812,\"output\":164,\"cached_input\":0},\"attempts\":1,"
          + "\"response_commitment\":"
          + "\"a41de667c15557cbd8acdd71ef0fef5dc73561374baed8330f8adb0e1424cd62\"}";

  static final Hash POLICY =
      Hash.of(
          HexFormat.of()
              .parseHex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  static final Hash PREVIOUS_POLICY =
      Hash.of(
          HexFormat.of()
              .parseHex("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"));

  static final String GUARDED_REQUEST_JSON =
      REQUEST_JSON.substring(0, REQUEST_JSON.length() - 1)
          + ",\"guards\":{\"personal_data\":[{\"type\":\"PERSON\",\"action\":\"pseudonymise\","
          + "\"count\":2},{\"type\":\"UK_NINO\",\"action\":\"redact\",\"count\":1}],"
          + "\"injection\":{\"score\":0.031,\"flagged\":false,\"action\":\"none\"}}}";

  static final String POLICY_JSON =
      "{\"v\":1,\"kind\":\"policy-change\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"version\":\"2026-11-27.1\",\"policy_hash\":"
          + "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
          + "\"previous_hash\":"
          + "\"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752\",\"via\":\"serve\"}";

  static final String KILL_SWITCH_JSON =
      "{\"v\":1,\"kind\":\"kill-switch\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"action\":\"engaged\",\"switch_id\":\"ks_01jd8z3k\",\"scope\":\"model\","
          + "\"target\":\"gpt-4o\",\"note\":\"INC-2041: answers cite repealed legislation."
          + " Paused until the provider confirms a fix.\",\"actor\":\"key_01hx9adm\","
          + "\"via\":\"admin-api\"}";

  static final String REVIEW_JSON =
      "{\"v\":1,\"kind\":\"review\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"request_id\":\"req_1ktq3f0a2b4c6abcd1234\",\"request_index\":41,"
          + "\"department\":\"moj\",\"service\":\"probation\",\"use_case\":\"case-notes\","
          + "\"key_id\":\"key_01hx7k2m\",\"reviewer\":\"rev_0042\",\"outcome\":\"amended\"}";

  static final String EVAL_RESULT_JSON =
      "{\"v\":1,\"kind\":\"eval-result\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"run_id\":\"run_01jd9k2x\",\"suite\":\"harmful-advice\",\"suite_version\":\"1.2.0\","
          + "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"model_version\":\"gpt-4o-2024-08-06\","
          + "\"source\":\"steward\",\"samples\":200,\"errors\":2,\"metrics\":["
          + "{\"scorer\":\"model_graded_qa\",\"name\":\"accuracy\",\"value\":0.930000,"
          + "\"stderr\":0.018000,\"count\":198},"
          + "{\"scorer\":\"refusal\",\"name\":\"rate\",\"value\":0.985000,\"stderr\":null,"
          + "\"count\":198}]}";

  static final String APPROVAL_JSON =
      "{\"v\":1,\"kind\":\"approval-change\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"action\":\"granted\",\"approval_id\":\"ap_01jd9m4q\",\"department\":\"moj\","
          + "\"service\":\"probation\",\"use_case\":\"case-notes\",\"provider\":\"openai\","
          + "\"model\":\"gpt-4o\",\"model_version\":\"gpt-4o-2024-08-06\","
          + "\"expires_at\":\"2027-02-25T09:30:00.123456Z\","
          + "\"run_ids\":[\"run_01jd9k2x\",\"run_01jd9k7p\"],\"actor\":\"key_01hx9adm\","
          + "\"note\":\"Passed harmful-advice 1.2.0 and bias-uk 2.0 above the thresholds of policy"
          + " 2026-11-27.1.\"}";

  static EvalResult evalResult() {
    return evalResult(
        List.of(
            new EvalMetric("refusal", "rate", 0.985, null, 198),
            new EvalMetric("model_graded_qa", "accuracy", 0.93, 0.018, 198)));
  }

  static EvalResult evalResult(List<EvalMetric> metrics) {
    return new EvalResult(
        TIME,
        "run_01jd9k2x",
        "harmful-advice",
        "1.2.0",
        "openai",
        "gpt-4o",
        "gpt-4o-2024-08-06",
        "steward",
        200,
        2,
        metrics);
  }

  static ApprovalChange approval() {
    return approval(
        ApprovalAction.GRANTED,
        "moj/probation/case-notes",
        Instant.parse("2027-02-25T09:30:00.123456Z"),
        List.of("run_01jd9k2x", "run_01jd9k7p"),
        "Passed harmful-advice 1.2.0 and bias-uk 2.0 above the thresholds of policy 2026-11-27.1.");
  }

  static ApprovalChange approval(
      ApprovalAction action,
      String useCase,
      @org.jspecify.annotations.Nullable Instant expiresAt,
      List<String> runIds,
      String note) {
    return new ApprovalChange(
        TIME,
        action,
        "ap_01jd9m4q",
        useCase,
        "openai",
        "gpt-4o",
        "gpt-4o-2024-08-06",
        expiresAt,
        runIds,
        "key_01hx9adm",
        note);
  }

  static ExchangeRequest guardedRequest() {
    ExchangeRequest r = request();
    return new ExchangeRequest(
        r.time(),
        r.requestId(),
        r.caller(),
        r.api(),
        r.endpoint(),
        r.model(),
        r.classification(),
        r.decision(),
        r.reason(),
        r.stream(),
        r.promptCommitment(),
        new Guards(
            List.of(
                new GuardFinding("UK_NINO", "redact", 1),
                new GuardFinding("PERSON", "pseudonymise", 2)),
            new InjectionResult(0.0312, false, "none")));
  }

  static PolicyChange policyChange() {
    return new PolicyChange(TIME, "2026-11-27.1", POLICY, PREVIOUS_POLICY, "serve");
  }

  static KillSwitchChange killSwitch() {
    return new KillSwitchChange(
        TIME,
        KillSwitchAction.ENGAGED,
        "ks_01jd8z3k",
        "model",
        "gpt-4o",
        "INC-2041: answers cite repealed legislation. Paused until the provider confirms a fix.",
        "key_01hx9adm",
        "admin-api");
  }

  static Review review() {
    return new Review(TIME, "req_1ktq3f0a2b4c6abcd1234", 41, CALLER, "rev_0042", "amended");
  }

  static ExchangeRequest request() {
    return new ExchangeRequest(
        TIME,
        "req_1ktq3f0a2b4c6abcd1234",
        CALLER,
        "openai",
        "chat",
        "gpt-4o",
        null,
        Decision.ALLOW,
        "ok",
        true,
        PROMPT);
  }

  static ExchangeCompletion completion() {
    return new ExchangeCompletion(
        Instant.parse("2026-11-27T09:30:01.500Z"),
        "req_1ktq3f0a2b4c6abcd1234",
        41,
        "ok",
        200,
        new Route("openai/gpt-4o", "openai", "gpt-4o", "gpt-4o-2024-08-06"),
        new Tokens(812, 164, 0),
        1,
        Hash.of(
            HexFormat.of()
                .parseHex("a41de667c15557cbd8acdd71ef0fef5dc73561374baed8330f8adb0e1424cd62")));
  }

  @Test
  void encode_writesTheSpecifiedBytes() {
    assertThat(text(AuditEntryCodec.encode(request()))).isEqualTo(REQUEST_JSON);
    assertThat(text(AuditEntryCodec.encode(completion()))).isEqualTo(COMPLETION_JSON);
    assertThat(text(AuditEntryCodec.encode(new KeyChange(TIME, KeyAction.REVOKED, CALLER, "cli"))))
        .isEqualTo(
            "{\"v\":1,\"kind\":\"key-change\",\"time\":\"2026-11-27T09:30:00.123456Z\","
                + "\"action\":\"revoked\",\"department\":\"moj\",\"service\":\"probation\","
                + "\"use_case\":\"case-notes\",\"key_id\":\"key_01hx7k2m\",\"via\":\"cli\"}");
  }

  @Test
  void encode_newKinds_writeTheSpecifiedBytes() {
    assertThat(text(AuditEntryCodec.encode(guardedRequest()))).isEqualTo(GUARDED_REQUEST_JSON);
    assertThat(text(AuditEntryCodec.encode(policyChange()))).isEqualTo(POLICY_JSON);
    assertThat(text(AuditEntryCodec.encode(killSwitch()))).isEqualTo(KILL_SWITCH_JSON);
    assertThat(text(AuditEntryCodec.encode(review()))).isEqualTo(REVIEW_JSON);
    assertThat(text(AuditEntryCodec.encode(evalResult()))).isEqualTo(EVAL_RESULT_JSON);
    assertThat(text(AuditEntryCodec.encode(approval()))).isEqualTo(APPROVAL_JSON);
  }

  @Test
  void decode_readsWhatEncodeWrote() {
    assertThat(AuditEntryCodec.decode(bytes(REQUEST_JSON))).isEqualTo(request());
    assertThat(AuditEntryCodec.decode(bytes(COMPLETION_JSON))).isEqualTo(completion());
    assertThat(AuditEntryCodec.decode(bytes(GUARDED_REQUEST_JSON))).isEqualTo(guardedRequest());
    assertThat(AuditEntryCodec.decode(bytes(POLICY_JSON))).isEqualTo(policyChange());
    assertThat(AuditEntryCodec.decode(bytes(KILL_SWITCH_JSON))).isEqualTo(killSwitch());
    assertThat(AuditEntryCodec.decode(bytes(REVIEW_JSON))).isEqualTo(review());
    assertThat(AuditEntryCodec.decode(bytes(EVAL_RESULT_JSON))).isEqualTo(evalResult());
    assertThat(AuditEntryCodec.decode(bytes(APPROVAL_JSON))).isEqualTo(approval());
  }

  @Test
  void specExamples_areTheseBytes() throws java.io.IOException {
    String spec =
        java.nio.file.Files.readString(java.nio.file.Path.of("../docs/spec/audit-entry.md"));
    for (String example :
        List.of(
            REQUEST_JSON,
            COMPLETION_JSON,
            GUARDED_REQUEST_JSON,
            POLICY_JSON,
            KILL_SWITCH_JSON,
            REVIEW_JSON,
            EVAL_RESULT_JSON,
            APPROVAL_JSON)) {
      assertThat(spec).contains("\n" + example + "\n");
    }
  }

  @Test
  void exchangeRequest_elevenArgumentConstructor_hasNoGuards_andEncodesWithoutTheField() {
    assertThat(request().guards()).isNull();
    assertThat(text(AuditEntryCodec.encode(request()))).doesNotContain("guards");
  }

  @Test
  void guards_sortFindingsByTypeThenAction_andRefuseARepeatedPair() {
    Guards guards =
        new Guards(
            List.of(
                new GuardFinding("UK_NINO", "redact", 1),
                new GuardFinding("EMAIL_ADDRESS", "mask", 3),
                new GuardFinding("UK_NINO", "block", 1)),
            null);

    assertThat(guards.personalData())
        .extracting(f -> f.type() + "/" + f.action())
        .containsExactly("EMAIL_ADDRESS/mask", "UK_NINO/block", "UK_NINO/redact");
    assertThatThrownBy(
            () ->
                new Guards(
                    List.of(
                        new GuardFinding("UK_NINO", "mask", 1),
                        new GuardFinding("UK_NINO", "mask", 2)),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "personal_data: UK_NINO/mask twice (expected: one finding per type and action)");
    List<GuardFinding> many = new ArrayList<>();
    for (int i = 0; i <= Guards.MAX_FINDINGS; i++) {
      many.add(new GuardFinding("T" + i, "mask", 1));
    }
    assertThatThrownBy(() -> new Guards(many, null))
        .hasMessage("personal_data: 65 findings (expected: at most 64)");
  }

  @Test
  void guardFinding_andInjectionResult_validateTheirFields() {
    assertThatThrownBy(() -> new GuardFinding("UK_NINO", "shred", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "personal_data.action: 'shred' (expected: one of [allow, block, mask, pseudonymise,"
                + " redact])");
    assertThatThrownBy(() -> new GuardFinding("UK_NINO", "mask", 0))
        .hasMessage("personal_data.count: 0 (expected: at least 1)");
    assertThatThrownBy(() -> new GuardFinding("UK NINO", "mask", 1))
        .hasMessageStartingWith("personal_data.type: 'UK NINO'");
    assertThatThrownBy(() -> new InjectionResult(1.0001, true, "block"))
        .hasMessage("injection.score: 1.0001 (expected: a number in 0..1)");
    assertThatThrownBy(() -> new InjectionResult(Double.NaN, true, "block"))
        .hasMessage("injection.score: NaN (expected: a number in 0..1)");
    assertThatThrownBy(() -> new InjectionResult(0.5, true, "quarantine"))
        .hasMessage("injection.action: 'quarantine' (expected: one of [block, flag, none, strip])");
    assertThat(new InjectionResult(0.9305, true, "flag").score()).isEqualTo(0.930);
    assertThat(new InjectionResult(0.9315, true, "flag").score()).isEqualTo(0.932);
    assertThat(new InjectionResult(0.99999, true, "block").score()).isEqualTo(1.0);
    assertThat(
            text(
                AuditEntryCodec.encode(
                    withGuards(new Guards(List.of(), new InjectionResult(1, true, "block"))))))
        .endsWith(
            ",\"guards\":{\"personal_data\":[],"
                + "\"injection\":{\"score\":1.000,\"flagged\":true,\"action\":\"block\"}}}");
    assertThat(text(AuditEntryCodec.encode(withGuards(new Guards(List.of(), null)))))
        .endsWith(",\"guards\":{\"personal_data\":[],\"injection\":null}}");
  }

  @Test
  void killSwitchChange_validatesScopeTargetAndNote() {
    KillSwitchChange k = killSwitch();
    assertThatThrownBy(() -> killSwitch("region", "gpt-4o", "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scope: 'region' (expected: one of [model, provider, use-case])");
    assertThatThrownBy(() -> killSwitch("use-case", "moj/probation", "n"))
        .hasMessage(
            "target: 'moj/probation' (expected: department/service/use-case for scope use-case)");
    assertThat(killSwitch("use-case", "moj/probation/case-notes", "n").target())
        .isEqualTo("moj/probation/case-notes");
    assertThatThrownBy(() -> killSwitch("model", "gpt 4o", "n"))
        .hasMessageStartingWith("target: 'gpt 4o'");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "line one\nline two"))
        .hasMessageStartingWith("note: U+000A at character 8 (expected: printable characters");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "tab\there"))
        .hasMessageStartingWith("note: U+0009 at character 3");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "abc\u202Eevil"))
        .as("bidirectional override")
        .hasMessageStartingWith("note: U+202E at character 3");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "no\u00A0break"))
        .hasMessageStartingWith("note: U+00A0");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "lone \uD800 surrogate"))
        .hasMessageStartingWith("note: U+D800");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "   "))
        .hasMessage("note: 3 characters, blank (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> killSwitch("model", k.target(), ""))
        .hasMessage("note: 0 characters, blank (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> killSwitch("model", k.target(), "x".repeat(1001)))
        .hasMessage("note: 1001 characters (expected: 1..1000 characters, not blank)");
    // 1000 code points, each two UTF-16 chars: the limit counts characters, not chars.
    assertThat(killSwitch("model", k.target(), "\uD83D\uDED1".repeat(1000)).note()).hasSize(2000);
  }

  @Test
  void killSwitchChange_noteInUnicode_isWrittenAsUtf8AndReadsBack() {
    String note = "Arrêt \"urgent\" \\ 停止 / 🛑 — see INC-7";
    KillSwitchChange k = killSwitch("provider", "openai", note);

    byte[] encoded = AuditEntryCodec.encode(k);

    assertThat(text(encoded))
        .contains("\"note\":\"Arrêt \\\"urgent\\\" \\\\ 停止 / 🛑 — see INC-7\"");
    assertThat(AuditEntryCodec.decode(encoded)).isEqualTo(k);
  }

  @Test
  void policyChangeAndReview_validateTheirFields() {
    assertThatThrownBy(() -> new PolicyChange(TIME, "v1", POLICY, POLICY, "serve"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("previous_hash: 9f86d081")
        .hasMessageContaining("expected: a hash other than policy_hash");
    assertThat(new PolicyChange(TIME, "unversioned", POLICY, null, "cli").previousHash()).isNull();
    assertThatThrownBy(() -> new PolicyChange(TIME, "v 1", POLICY, null, "cli"))
        .hasMessageStartingWith("version: 'v 1'");
    assertThatThrownBy(() -> new Review(TIME, "req_x", -2, CALLER, "rev_1", "approved"))
        .hasMessage("request_index: -2 (expected: a log index, or -1 when unknown)");
    assertThat(new Review(TIME, "req_x", -1, CALLER, "rev_1", "approved").requestIndex())
        .isEqualTo(-1);
    assertThatThrownBy(() -> new Review(TIME, "req_x", 0, CALLER, "Jane Smith", "approved"))
        .hasMessageStartingWith("reviewer: 'Jane Smith'");
    assertThatThrownBy(() -> new Review(TIME, "req_x", 0, CALLER, "rev_1", "ok"))
        .hasMessage("outcome: 'ok' (expected: one of [amended, approved, rejected])");
  }

  @Test
  void decode_newKinds_rejectWhatTheSpecRejects() {
    assertRejected(GUARDED_REQUEST_JSON.replace("0.031", "0.03"), "score: 0.03 (expected:");
    assertRejected(GUARDED_REQUEST_JSON.replace("0.031", "1.001"), "score: 1.001");
    assertRejected(GUARDED_REQUEST_JSON.replace("0.031", "1"), "score: 1 (expected:");
    assertRejected(GUARDED_REQUEST_JSON.replace("0.031", "-0.001"), "score");
    assertRejected(GUARDED_REQUEST_JSON.replace("0.031", "\"0.031\""), "score");
    assertRejected(GUARDED_REQUEST_JSON.replace("\"count\":2", "\"count\":0"), "count: 0");
    assertRejected(
        GUARDED_REQUEST_JSON.replace("\"redact\"", "\"erase\""), "personal_data.action: 'erase'");
    assertRejected(
        GUARDED_REQUEST_JSON.replace("PERSON", "WPERSON"),
        "personal_data: not in order (expected: sorted by type, then action)");
    assertRejected(
        GUARDED_REQUEST_JSON.replace(
            "\"UK_NINO\",\"action\":\"redact\"", "\"PERSON\",\"action\":\"pseudonymise\""),
        "PERSON/pseudonymise twice");
    assertRejected(
        GUARDED_REQUEST_JSON.replace(",\"injection\":{", ",\"x\":1,\"injection\":{"),
        "x: unknown field in guards");
    assertRejected(
        GUARDED_REQUEST_JSON.replace("\"count\":1}", "\"count\":1,\"text\":\"AB123456C\"}"),
        "text: unknown field in personal_data[1]");
    assertRejected(
        GUARDED_REQUEST_JSON.replace("\"personal_data\":[", "\"personal_data\":[\"x\","),
        "personal_data[0]: string (expected: an object)");
    assertRejected(
        GUARDED_REQUEST_JSON.replace(
            ",\"injection\":{\"score\":0.031,\"flagged\":false,\"action\":\"none\"}", ""),
        "injection: missing");
    assertRejected(
        REQUEST_JSON.replace("}", ",\"guards\":null}"),
        "guards: null (expected: an object, or the field left out)");
    assertRejected(
        POLICY_JSON.replace(",\"previous_hash\"", ",\"previous\""), "previous_hash: missing");
    assertRejected(
        POLICY_JSON
            .replace("60303ae2", "9f86d081")
            .replace(
                "2b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                "884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        "previous_hash");
    assertRejected(KILL_SWITCH_JSON.replace("engaged", "paused"), "action: 'paused'");
    assertRejected(KILL_SWITCH_JSON.replace("legislation.", "legislation.\\n"), "note: U+000A");
    assertRejected(KILL_SWITCH_JSON.replace("\"model\"", "\"route\""), "scope: 'route'");
    assertRejected(
        REVIEW_JSON.replace("\"request_index\":41", "\"request_index\":-2"), "request_index: -2");
    assertRejected(REVIEW_JSON.replace("amended", "edited"), "outcome: 'edited'");
    assertRejected(REVIEW_JSON.replace(",\"reviewer\":\"rev_0042\"", ""), "reviewer: missing");
    assertThat(AuditEntryCodec.decode(bytes(REVIEW_JSON.replace(":41", ":-1"))))
        .extracting(e -> ((Review) e).requestIndex())
        .isEqualTo(-1L);
  }

  @Test
  void evalResult_sortsMetricsByScorerThenName_andRefusesARepeatOrTooMany() {
    EvalResult result =
        evalResult(
            List.of(
                new EvalMetric("refusal", "rate", 1, null, 1),
                new EvalMetric("match", "stderr", 0.1, null, 1),
                new EvalMetric("match", "accuracy", 0.5, 0.1, 1)));

    assertThat(result.metrics())
        .extracting(m -> m.scorer() + "/" + m.name())
        .containsExactly("match/accuracy", "match/stderr", "refusal/rate");
    assertThatThrownBy(
            () ->
                evalResult(
                    List.of(
                        new EvalMetric("match", "accuracy", 0.5, null, 1),
                        new EvalMetric("match", "accuracy", 0.6, null, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics: match/accuracy twice (expected: one metric per scorer and name)");
    List<EvalMetric> many = new ArrayList<>();
    for (int i = 0; i <= EvalResult.MAX_METRICS; i++) {
      many.add(new EvalMetric("grouped", "subject_" + i, 0.5, null, 10));
    }
    assertThatThrownBy(() -> evalResult(many))
        .hasMessage("metrics: 129 metrics (expected: at most 128)");
    assertThat(evalResult(List.of()).metrics()).isEmpty();
  }

  @Test
  void evalResult_validatesSourceAndCounts() {
    EvalResult e = evalResult();
    assertThatThrownBy(
            () ->
                new EvalResult(
                    TIME, "r", "s", "1", "p", "m", "v", "openai-evals", 1, 0, e.metrics()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source: 'openai-evals' (expected: one of [inspect, steward])");
    assertThatThrownBy(
            () -> new EvalResult(TIME, "r", "s", "1", "p", "m", "v", "inspect", 3, 4, e.metrics()))
        .hasMessage("errors: 4 (expected: 0..3, at most the samples)");
    assertThatThrownBy(
            () -> new EvalResult(TIME, "r", "s", "1", "p", "m", "v", "inspect", -1, 0, e.metrics()))
        .hasMessage("samples: -1 (expected: at least 0)");
    assertThatThrownBy(
            () ->
                new EvalResult(
                    TIME, "r", "harmful advice", "1", "p", "m", "v", "inspect", 1, 0, e.metrics()))
        .hasMessageStartingWith("suite: 'harmful advice'");
    assertThat(new EvalResult(TIME, "r", "s", "1", "p", "m", "v", "inspect", 0, 0, List.of()))
        .extracting(EvalResult::samples)
        .isEqualTo(0);
  }

  @Test
  void evalMetric_roundsToSixDecimals_andRefusesWhatCannotBeWritten() {
    assertThat(new EvalMetric("s", "m", 0.83333333333, 0.0000004, 6).value()).isEqualTo(0.833333);
    assertThat(new EvalMetric("s", "m", 0.83333333333, 0.0000004, 6).stderr()).isEqualTo(0.0);
    assertThat(new EvalMetric("s", "m", 0.0000125, null, 0).value()).isEqualTo(0.000012);
    assertThat(new EvalMetric("s", "m", -0.0, null, 0).value()).isEqualTo(0.0);
    assertThat(new EvalMetric("s", "m", -12.5, null, 0).value()).isEqualTo(-12.5);
    assertThat(new EvalMetric("s", "m", 999_999_999.999999, null, 0).value())
        .isEqualTo(999_999_999.999999);
    assertThatThrownBy(() -> new EvalMetric("s", "m", Double.NaN, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics.value: NaN (expected: a finite number, magnitude below 1e9)");
    assertThatThrownBy(() -> new EvalMetric("s", "m", Double.NEGATIVE_INFINITY, null, 0))
        .hasMessage("metrics.value: -Infinity (expected: a finite number, magnitude below 1e9)");
    assertThatThrownBy(() -> new EvalMetric("s", "m", 1e9, null, 0))
        .hasMessage("metrics.value: 1.0E9 (expected: a finite number, magnitude below 1e9)");
    assertThatThrownBy(() -> new EvalMetric("s", "m", 0.5, -0.01, 0))
        .hasMessage("metrics.stderr: -0.01 (expected: a finite number, at least 0)");
    assertThatThrownBy(() -> new EvalMetric("s", "m", 0.5, Double.NaN, 0))
        .hasMessage("metrics.stderr: NaN (expected: a finite number, at least 0)");
    assertThatThrownBy(() -> new EvalMetric("s", "m", 0.5, null, -1))
        .hasMessage("metrics.count: -1 (expected: at least 0)");
    assertThatThrownBy(() -> new EvalMetric("s".repeat(65), "m", 0.5, null, 0))
        .hasMessageStartingWith("metrics.scorer: 'sss")
        .hasMessageEndingWith(
            "(expected: 1..64 printable ASCII characters without spaces or quotes)");
    assertThatThrownBy(() -> new EvalMetric("s", "mean score", 0.5, null, 0))
        .hasMessageStartingWith("metrics.name: 'mean score'");
    assertThat(
            text(
                AuditEntryCodec.encode(
                    evalResult(List.of(new EvalMetric("s", "m", -12.5, 1e-6, 3))))))
        .endsWith(
            "\"metrics\":[{\"scorer\":\"s\",\"name\":\"m\",\"value\":-12.500000,"
                + "\"stderr\":0.000001,\"count\":3}]}");
  }

  @Test
  void approvalChange_validatesExpiryUseCaseRunsAndNote() {
    ApprovalChange revoked =
        approval(ApprovalAction.REVOKED, "moj/probation/case-notes", null, List.of(), "withdrawn");
    assertThat(revoked.expiresAt()).isNull();
    assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(revoked))).isEqualTo(revoked);
    assertThat(text(AuditEntryCodec.encode(revoked)))
        .contains(",\"expires_at\":null,\"run_ids\":[],");
    assertThatThrownBy(
            () ->
                approval(ApprovalAction.GRANTED, "moj/probation/case-notes", null, List.of(), "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expires_at: null (expected: a time after the grant's time 2026-11-27T09:30:00.123456Z"
                + " for a granted approval)");
    assertThatThrownBy(
            () ->
                approval(ApprovalAction.GRANTED, "moj/probation/case-notes", TIME, List.of(), "n"))
        .hasMessageStartingWith("expires_at: 2026-11-27T09:30:00.123456Z (expected: a time after");
    assertThat(
            approval(ApprovalAction.REVOKED, "a/b/c", TIME.minusSeconds(1), List.of(), "lapsed")
                .expiresAt())
        .as("a revocation may name an expiry already past")
        .isEqualTo(TIME.minusSeconds(1));
    assertThatThrownBy(
            () -> approval(ApprovalAction.REVOKED, "moj/probation", null, List.of(), "n"))
        .hasMessage("use_case: 'moj/probation' (expected: department/service/use-case)");
    assertThatThrownBy(() -> approval(ApprovalAction.REVOKED, "moj//notes", null, List.of(), "n"))
        .hasMessageStartingWith("service: ''");
    assertThatThrownBy(
            () -> approval(ApprovalAction.REVOKED, "moj/pro bation/notes", null, List.of(), "n"))
        .hasMessageStartingWith("service: 'pro bation'");
    assertThatThrownBy(
            () -> approval(ApprovalAction.REVOKED, "a/b/c", null, List.of("run_1", "run_1"), "n"))
        .hasMessage("run_ids: 'run_1' twice (expected: each run once)");
    assertThatThrownBy(() -> approval(ApprovalAction.REVOKED, "a/b/c", null, List.of("run 1"), "n"))
        .hasMessageStartingWith("run_ids: 'run 1'");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= ApprovalChange.MAX_RUN_IDS; i++) {
      many.add("run_" + i);
    }
    assertThatThrownBy(() -> approval(ApprovalAction.REVOKED, "a/b/c", null, many, "n"))
        .hasMessage("run_ids: 65 runs (expected: at most 64)");
    assertThatThrownBy(() -> approval(ApprovalAction.REVOKED, "a/b/c", null, List.of(), "a\nb"))
        .hasMessageStartingWith("note: U+000A at character 1");
    assertThatThrownBy(() -> approval(ApprovalAction.REVOKED, "a/b/c", null, List.of(), " "))
        .hasMessage("note: 1 characters, blank (expected: 1..1000 characters, not blank)");
    List<String> runs = new ArrayList<>(List.of("run_1"));
    ApprovalChange copied = approval(ApprovalAction.REVOKED, "a/b/c", null, runs, "n");
    runs.add("run_2");
    assertThat(copied.runIds()).containsExactly("run_1");
  }

  @Test
  void decode_evalAndApprovalKinds_rejectWhatTheSpecRejects() {
    assertRejected(
        EVAL_RESULT_JSON.replace("0.930000", "0.93"),
        "value: 0.93 (expected: a number with six decimals");
    assertRejected(EVAL_RESULT_JSON.replace("0.930000", "1"), "value: 1 (expected:");
    assertRejected(EVAL_RESULT_JSON.replace("0.930000", "\"0.930000\""), "value");
    assertRejected(EVAL_RESULT_JSON.replace("0.018000", "-0.018000"), "metrics.stderr: -0.018");
    assertRejected(
        EVAL_RESULT_JSON.replace("0.930000", "1000000000.000000"), "metrics.value: 1.0E9");
    assertRejected(EVAL_RESULT_JSON.replace("\"errors\":2", "\"errors\":201"), "errors: 201");
    assertRejected(EVAL_RESULT_JSON.replace("steward", "lm-eval"), "source: 'lm-eval'");
    assertRejected(
        EVAL_RESULT_JSON.replace("model_graded_qa", "zz_graded"),
        "metrics: not in order (expected: sorted by scorer, then name)");
    assertRejected(
        EVAL_RESULT_JSON.replace("\"count\":198}]", "\"count\":198,\"samples\":[\"q1\"]}]"),
        "samples: unknown field in metrics[1]");
    assertRejected(EVAL_RESULT_JSON.replace(",\"stderr\":null", ""), "stderr: missing");
    assertRejected(EVAL_RESULT_JSON.replace("\"metrics\":[", "\"metrics\":[1,"), "metrics[0]");
    assertRejected(APPROVAL_JSON.replace("granted", "extended"), "action: 'extended'");
    assertRejected(
        APPROVAL_JSON.replace("\"2027-02-25T09:30:00.123456Z\"", "null"), "expires_at: null");
    assertRejected(
        APPROVAL_JSON.replace("2027-02-25T09:30:00.123456Z", "2027-02-25T09:30:00Z"), "expires_at");
    assertRejected(
        APPROVAL_JSON.replace("\"service\":\"probation\"", "\"service\":\"probation/x\""),
        "use_case: 'moj/probation/x/case-notes' (expected: department, service and use_case without");
    assertRejected(
        APPROVAL_JSON.replace("[\"run_01jd9k2x\",", "[1,"), "run_ids[0]: 1 (expected: a string)");
    assertRejected(APPROVAL_JSON.replace("[\"run_01jd9k2x\",", "[\"run_01jd9k7p\","), "twice");
    assertRejected(
        APPROVAL_JSON.replace(
            "\"run_ids\":[\"run_01jd9k2x\",\"run_01jd9k7p\"]", "\"run_ids\":\"run_01jd9k2x\""),
        "run_ids: \"run_01jd9k2x\" (expected: an array of at most 64 strings)");
    assertRejected(APPROVAL_JSON.replace(",\"actor\":\"key_01hx9adm\"", ""), "actor: missing");
    assertThat(
            AuditEntryCodec.decode(
                bytes(
                    APPROVAL_JSON
                        .replace("granted", "revoked")
                        .replace("\"2027-02-25T09:30:00.123456Z\"", "null"))))
        .isInstanceOfSatisfying(
            ApprovalChange.class,
            a -> {
              assertThat(a.action()).isEqualTo(ApprovalAction.REVOKED);
              assertThat(a.expiresAt()).isNull();
            });
  }

  @Test
  void decode_refusedRequestWithoutRouteOrTokens() {
    ExchangeRequest refused =
        new ExchangeRequest(
            TIME,
            "req_x",
            CALLER,
            "anthropic",
            "chat",
            "-",
            "OFFICIAL",
            Decision.REFUSE,
            "model.not_allowed",
            false,
            PROMPT);
    assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(refused))).isEqualTo(refused);
    ExchangeCompletion failed =
        new ExchangeCompletion(
            TIME, "req_x", 0, "upstream.timeout", 504, null, Tokens.ZERO, 3, PROMPT);
    assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(failed))).isEqualTo(failed);
  }

  @Test
  void decode_rejectsWhatTheSpecRejects() {
    assertRejected(REQUEST_JSON.replace("\"v\":1", "\"v\":2"), "v: 2 (expected: 1)");
    assertRejected(
        REQUEST_JSON.replace("exchange-request", "exchange-requets"), "kind: 'exchange-requets'");
    assertRejected(REQUEST_JSON.replace("}", ",\"prompt\":\"hi\"}"), "prompt: unknown field");
    assertRejected(
        REQUEST_JSON.replace("\"stream\":true", "\"stream\":true,\"stream\":false"),
        "Duplicate field 'stream'");
    assertRejected(REQUEST_JSON.replace(",\"classification\":null", ""), "classification: missing");
    assertRejected(REQUEST_JSON + " {}", "text after the object");
    assertRejected(REQUEST_JSON.replace("e84b", "E84B"), "prompt_commitment");
    assertRejected(REQUEST_JSON.replace("\"stream\":true", "\"stream\":\"true\""), "stream");
    assertRejected(
        REQUEST_JSON.replace("\"reason\":\"ok\"", "\"reason\":\"model.not_allowed\""),
        "reason: model.not_allowed (expected: 'ok' exactly when the decision is allow");
    assertRejected(REQUEST_JSON.replace("2026-11-27T09:30:00.123456Z", "yesterday"), "time");
    assertRejected(REQUEST_JSON.replace("\"moj\"", "\"m o j\""), "department");
    assertRejected(
        COMPLETION_JSON.replace("\"request_index\":41", "\"request_index\":-1"), "request_index");
    assertRejected(
        COMPLETION_JSON.replace("\"cached_input\":0}", "\"cached_input\":0,\"x\":1}"),
        "x: unknown field in tokens");
    assertRejected("[]", "an object");
    assertRejected("", "empty");
    assertRejected("{\"v\":1", "not JSON");
  }

  @Test
  void encode_refusesAnEntryBeyondTheLogsLimit() {
    assertThat(AuditEntryCodec.MAX_ENTRY_BYTES).isEqualTo(65_535);
    // Field limits keep every valid entry far below the limit: the largest possible one fits.
    String longest = "x".repeat(AuditEntry.MAX_NAME_LENGTH);
    ExchangeRequest big =
        new ExchangeRequest(
            TIME,
            longest,
            new Caller(longest, longest, longest, longest),
            "openai",
            "chat",
            longest,
            longest,
            Decision.REFUSE,
            "a".repeat(64),
            true,
            PROMPT);
    assertThat(AuditEntryCodec.encode(big).length).isLessThan(4096);
    // With the largest guards, and a kill switch with the longest note of four-byte characters.
    List<GuardFinding> findings = new ArrayList<>();
    for (int i = 0; i < Guards.MAX_FINDINGS; i++) {
      findings.add(
          new GuardFinding(
              String.format("%03d", i) + longest.substring(3), "pseudonymise", Integer.MAX_VALUE));
    }
    ExchangeRequest guarded =
        new ExchangeRequest(
            TIME,
            longest,
            new Caller(longest, longest, longest, longest),
            "openai",
            "chat",
            longest,
            longest,
            Decision.REFUSE,
            "a".repeat(64),
            true,
            PROMPT,
            new Guards(findings, new InjectionResult(0.5, true, "strip")));
    assertThat(AuditEntryCodec.encode(guarded).length).isLessThan(20 * 1024);
    KillSwitchChange longNote =
        new KillSwitchChange(
            TIME,
            KillSwitchAction.LIFTED,
            longest,
            "model",
            longest,
            "\uD83D\uDED1".repeat(AuditEntry.MAX_NOTE_LENGTH),
            longest,
            "a".repeat(64));
    assertThat(AuditEntryCodec.encode(longNote).length).isLessThan(8 * 1024);
    // The largest eval result: every metric with the longest names and widest numbers.
    List<EvalMetric> metrics = new ArrayList<>();
    String longMetric = "m".repeat(EvalMetric.MAX_METRIC_NAME_LENGTH);
    for (int i = 0; i < EvalResult.MAX_METRICS; i++) {
      metrics.add(
          new EvalMetric(
              String.format("%03d", i) + longMetric.substring(3),
              longMetric,
              -999_999_999.999999,
              999_999_999.999999,
              Integer.MAX_VALUE));
    }
    EvalResult bigResult =
        new EvalResult(
            TIME,
            longest,
            longest,
            longest,
            longest,
            longest,
            longest,
            "inspect",
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            metrics);
    assertThat(AuditEntryCodec.encode(bigResult).length).isLessThan(32 * 1024);
    // The largest approval change: the most runs with the longest ids, and the longest note.
    List<String> runIds = new ArrayList<>();
    for (int i = 0; i < ApprovalChange.MAX_RUN_IDS; i++) {
      runIds.add(String.format("%03d", i) + longest.substring(3));
    }
    ApprovalChange bigApproval =
        new ApprovalChange(
            TIME,
            ApprovalAction.GRANTED,
            longest,
            longest + "/" + longest + "/" + longest,
            longest,
            longest,
            longest,
            TIME.plusSeconds(1),
            runIds,
            longest,
            "\uD83D\uDED1".repeat(AuditEntry.MAX_NOTE_LENGTH));
    assertThat(AuditEntryCodec.encode(bigApproval).length).isLessThan(20 * 1024);
    assertThatThrownBy(() -> new Caller("x".repeat(AuditEntry.MAX_NAME_LENGTH + 1), "s", "u", "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("department");
  }

  @Property(tries = 300)
  void roundTrip(@ForAll("entries") AuditEntry entry) {
    byte[] encoded = AuditEntryCodec.encode(entry);
    assertThat(AuditEntryCodec.decode(encoded)).isEqualTo(entry);
    assertThat(AuditEntryCodec.encode(AuditEntryCodec.decode(encoded))).isEqualTo(encoded);
  }

  @Property(tries = 1000)
  void decode_ofArbitraryBytes_failsOnlyWithIllegalArgument(@ForAll byte[] junk) {
    try {
      AuditEntryCodec.decode(junk);
    } catch (IllegalArgumentException expected) {
      // the only way decoding may fail
    }
  }

  @Property(tries = 300)
  void decode_ofAValidEntryWithOneByteChanged_failsCleanlyOrReadsAValidEntry(
      @ForAll("entries") AuditEntry entry, @ForAll int position, @ForAll byte value) {
    byte[] encoded = AuditEntryCodec.encode(entry);
    encoded[Math.floorMod(position, encoded.length)] = value;
    try {
      AuditEntry read = AuditEntryCodec.decode(encoded);
      assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(read))).isEqualTo(read);
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
  }

  @Provide
  Arbitrary<AuditEntry> entries() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .excludeChars('"')
            .ofMinLength(1)
            .ofMaxLength(30);
    Arbitrary<String> codes =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(s -> s + ".x");
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(0, 4_102_444_800_000_000L)
            .map(us -> Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000));
    Arbitrary<Hash> hashes = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
    Arbitrary<Caller> callers = Combinators.combine(names, names, names, names).as(Caller::new);
    Arbitrary<AuditEntry> requests =
        Combinators.combine(
                times,
                names,
                callers,
                names,
                names.injectNull(0.3),
                codes,
                Arbitraries.of(true, false),
                hashes)
            .as(
                (t, id, c, model, cls, reason, stream, h) ->
                    reason.startsWith("a")
                        ? new ExchangeRequest(
                            t, id, c, "openai", "chat", model, cls, Decision.ALLOW, "ok", stream, h)
                        : new ExchangeRequest(
                            t,
                            id,
                            c,
                            "anthropic",
                            "embeddings",
                            model,
                            cls,
                            Decision.REFUSE,
                            reason,
                            stream,
                            h));
    Arbitrary<Route> routes =
        Combinators.combine(names, names, names, names.injectNull(0.5)).as(Route::new);
    Arbitrary<Tokens> tokens =
        Combinators.combine(
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0))
            .as(Tokens::new);
    Arbitrary<AuditEntry> completions =
        Combinators.combine(
                times,
                names,
                Arbitraries.longs().greaterOrEqual(0),
                codes,
                Arbitraries.integers().between(100, 599),
                routes.injectNull(0.3),
                tokens,
                Arbitraries.integers().between(0, 10))
            .as(
                (t, id, idx, outcome, status, route, tok, attempts) ->
                    new ExchangeCompletion(
                        t, id, idx, outcome, status, route, tok, attempts, PROMPT));
    Arbitrary<AuditEntry> keys =
        Combinators.combine(
                times,
                Arbitraries.of(KeyAction.values()),
                callers,
                Arbitraries.of("cli", "admin-api"))
            .as(KeyChange::new);
    Arbitrary<GuardFinding> findings =
        Combinators.combine(
                Arbitraries.of("UK_NINO", "PERSON", "EMAIL_ADDRESS", "CREDIT_CARD"),
                Arbitraries.of(GuardFinding.ACTIONS),
                Arbitraries.integers().between(1, 5000))
            .as(GuardFinding::new);
    Arbitrary<InjectionResult> injections =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.of(true, false),
                Arbitraries.of(InjectionResult.ACTIONS))
            .as(InjectionResult::new);
    Arbitrary<Guards> guards =
        Combinators.combine(
                findings.list().ofMaxSize(6).uniqueElements(f -> f.type() + "/" + f.action()),
                injections.injectNull(0.3))
            .as(Guards::new);
    Arbitrary<AuditEntry> guardedRequests =
        Combinators.combine(requests, guards)
            .as(
                (e, g) -> {
                  ExchangeRequest r = (ExchangeRequest) e;
                  return new ExchangeRequest(
                      r.time(),
                      r.requestId(),
                      r.caller(),
                      r.api(),
                      r.endpoint(),
                      r.model(),
                      r.classification(),
                      r.decision(),
                      r.reason(),
                      r.stream(),
                      r.promptCommitment(),
                      g);
                });
    Arbitrary<AuditEntry> policies =
        Combinators.combine(times, names, hashes, hashes.injectNull(0.3), codes)
            .as(
                (t, version, hash, previous, via) ->
                    new PolicyChange(
                        t, version, hash, hash.equals(previous) ? null : previous, via));
    Arbitrary<String> notes =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('é', '€', '停', '—', '’')
            .ofMinLength(1)
            .ofMaxLength(60)
            .filter(n -> !n.isBlank())
            .flatMap(n -> Arbitraries.of(n, n + "🛑"));
    Arbitrary<AuditEntry> killSwitches =
        Combinators.combine(
                times,
                Arbitraries.of(KillSwitchAction.values()),
                names,
                Arbitraries.of("provider", "model"),
                names,
                notes,
                names,
                codes)
            .as(KillSwitchChange::new);
    Arbitrary<AuditEntry> reviews =
        Combinators.combine(
                times,
                names,
                Arbitraries.longs().greaterOrEqual(-1),
                callers,
                names,
                Arbitraries.of(Review.OUTCOMES))
            .as(Review::new);
    Arbitrary<EvalMetric> metrics =
        Combinators.combine(
                Arbitraries.of("match", "model_graded_qa", "refusal", "grouped/accuracy"),
                names.map(n -> n.length() > 64 ? n.substring(0, 64) : n),
                Arbitraries.doubles().between(-999_999_999.0, 999_999_999.0),
                Arbitraries.doubles().between(0, 10).injectNull(0.3),
                Arbitraries.integers().between(0, 100_000))
            .as(EvalMetric::new);
    Arbitrary<AuditEntry> evalResults =
        Combinators.combine(
                times,
                names,
                names,
                names,
                Arbitraries.of(EvalResult.SOURCES),
                Arbitraries.integers().between(0, 100_000),
                Arbitraries.integers().between(0, 100_000),
                metrics.list().ofMaxSize(8).uniqueElements(m -> m.scorer() + "/" + m.name()))
            .as(
                (t, run, suite, modelVersion, source, samples, errors, ms) ->
                    new EvalResult(
                        t,
                        run,
                        suite,
                        "1.0",
                        "openai",
                        "gpt-4o",
                        modelVersion,
                        source,
                        Math.max(samples, errors),
                        Math.min(samples, errors),
                        ms));
    Arbitrary<String> parts = names.filter(n -> !n.contains("/"));
    Arbitrary<AuditEntry> approvals =
        Combinators.combine(
                times,
                Arbitraries.of(ApprovalAction.values()),
                names,
                Combinators.combine(parts, parts, parts).as((d, s, u) -> d + "/" + s + "/" + u),
                names,
                Arbitraries.longs().between(1, 400_000_000_000_000L).injectNull(0.2),
                names.list().ofMaxSize(5).uniqueElements(),
                notes)
            .as(
                (t, action, id, useCase, version, later, runs, note) ->
                    new ApprovalChange(
                        t,
                        action,
                        id,
                        useCase,
                        "openai",
                        "gpt-4o",
                        version,
                        later == null && action == ApprovalAction.REVOKED
                            ? null
                            : t.plusNanos(1000 * (later == null ? 1 : later)),
                        runs,
                        "cli",
                        note));
    return Arbitraries.oneOf(
        requests,
        guardedRequests,
        completions,
        keys,
        policies,
        killSwitches,
        reviews,
        evalResults,
        approvals);
  }

  static KillSwitchChange killSwitch(String scope, String target, String note) {
    return new KillSwitchChange(
        TIME, KillSwitchAction.LIFTED, "ks_1", scope, target, note, "cli", "cli");
  }

  static ExchangeRequest withGuards(Guards guards) {
    ExchangeRequest r = request();
    return new ExchangeRequest(
        r.time(),
        r.requestId(),
        r.caller(),
        r.api(),
        r.endpoint(),
        r.model(),
        r.classification(),
        r.decision(),
        r.reason(),
        r.stream(),
        r.promptCommitment(),
        guards);
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> AuditEntryCodec.decode(bytes(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
