package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.testing.FakeUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The personal-data guard both ways, the AI-output label and the draft mark, end to end through the
 * gateway: what the upstream sees, what the caller gets, streams included.
 */
class GuardIT {
  static final String USE_CASES =
      """
                guarded:
                  purpose: Casework with personal data
                  models: [sandbox-chat, relay]
                  human-review: required
                  guards:
                    personal-data:
                      input: {UK_NINO: pseudonymise, EMAIL_ADDRESS: mask, CREDIT_CARD: block}
                      output: {UK_NHS: redact, IBAN_CODE: block}
                    label: {header: true, marker: "[AI draft] "}
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NINO = "AB123456C";

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static String key;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir, USE_CASES);
    key = gw.newKey("justice", "courts", "guarded");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String[] auth(String... more) {
    List<String> all =
        new ArrayList<>(
            List.of("Authorization", "Bearer " + key, "Content-Type", "application/json"));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String chat(String model, String text, boolean stream) throws Exception {
    return JSON.writeValueAsString(
        JSON.createObjectNode()
            .put("model", model)
            .put("stream", stream)
            .set(
                "messages",
                JSON.createArrayNode()
                    .add(JSON.createObjectNode().put("role", "user").put("content", text))));
  }

  private static String content(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).at("/choices/0/message/content").asText();
  }

  /** The text of an OpenAI stream, its deltas joined. */
  private static String streamed(HttpResponse<String> r) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode delta = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
        if (delta.isTextual()) {
          out.append(delta.asText());
        }
      }
    }
    return out.toString();
  }

  @Test
  void pseudonyms_goUpstream_andTheCallerGetsItsOwnValuesBack() throws Exception {
    String text = "Client " + NINO + " wrote from jo.bloggs@example.org about the hearing.";
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, false),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String answer = content(r);
    assertThat(answer)
        .as("the pseudonym is restored in the answer; the masked address stays masked")
        .startsWith("[AI draft] Client " + NINO + " wrote from ")
        .doesNotContain("<UK_NINO_1>")
        .doesNotContain("jo.bloggs@example.org")
        .contains(".org about the hearing.");
    assertThat(r.headers().firstValue(HttpFront.PERSONAL_DATA))
        .contains("EMAIL_ADDRESS:mask:1, UK_NINO:pseudonymise:1");
    assertThat(r.headers().firstValue(HttpFront.AI_GENERATED)).contains("true");
    assertThat(r.headers().firstValue(HttpFront.REVIEW).orElseThrow())
        .startsWith("required; status=draft; request=");
    assertThat(requestRecord(r).guards())
        .as("the log entry names what was found and done, never the data")
        .isEqualTo(
            new AuditEntry.Guards(
                List.of(
                    new AuditEntry.GuardFinding("EMAIL_ADDRESS", "mask", 1),
                    new AuditEntry.GuardFinding("UK_NINO", "pseudonymise", 1)),
                null));
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    assertThat(GatewayFixture.eventually(() -> gw.storage.ledger().find(id)).redactions())
        .as("the ledger counts what was done by action and type, never the data")
        .isEqualTo("mask:EMAIL_ADDRESS=1,pseudonymise:UK_NINO=1");
  }

  private static AuditEntry.ExchangeRequest requestRecord(HttpResponse<String> r) throws Exception {
    long index = Long.parseLong(r.headers().firstValue(HttpFront.AUDIT_INDEX).orElseThrow());
    gw.log.published(index + 1).get();
    return (AuditEntry.ExchangeRequest) AuditEntryCodec.decode(gw.log.entry(index));
  }

  @Test
  void theUpstreamSeesOnlyPlaceholders() throws Exception {
    gw.upstream.enqueue(
        FakeUpstream.Scripted.json(
            200,
            """
            {"id":"c1","object":"chat.completion","created":1700000000,"model":"gpt-x",
             "choices":[{"index":0,"message":{"role":"assistant",
               "content":"Noted: <UK_NINO_1> is on file; <UK_NINO_2> is not mine."},
               "finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}
            """));
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("relay", "My NI number is " + NINO + ", please check it.", false),
            auth());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String sent = gw.upstream.lastRequest().body();
    assertThat(sent).contains("<UK_NINO_1>").doesNotContain(NINO);
    assertThat(content(r))
        .as("a placeholder the gateway did not issue is left alone")
        .isEqualTo("[AI draft] Noted: " + NINO + " is on file; <UK_NINO_2> is not mine.");
  }

  @Test
  void blockedTypes_areRefusedBeforeAnyModel_withoutQuotingTheData() throws Exception {
    int before = gw.upstream.requests().size();
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("relay", "Charge card 4111 1111 1111 1111 please", false),
            auth());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("X-Steward-Reason")).contains("guard.personal_data");
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("guard.personal_data");
    assertThat(error.path("message").asText())
        .contains("messages[0] (user)")
        .contains("CREDIT_CARD")
        .doesNotContain("4111");
    assertThat(gw.upstream.requests()).hasSize(before);
    AuditEntry.ExchangeRequest refused = requestRecord(r);
    assertThat(refused.reason()).isEqualTo("guard.personal_data");
    assertThat(java.util.Objects.requireNonNull(refused.guards()).personalData())
        .contains(new AuditEntry.GuardFinding("CREDIT_CARD", "block", 1));
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    dev.steward.store.LedgerRow row = GatewayFixture.eventually(() -> gw.storage.ledger().find(id));
    assertThat(row.outcome()).isEqualTo("guard.personal_data");
    assertThat(row.redactions()).isEqualTo("block:CREDIT_CARD=1");
  }

  @Test
  void streams_haveOutputGuardedAcrossChunks_andPseudonymsRestored() throws Exception {
    String text = "NHS number 450 557 7104 belongs to " + NINO + " today.";
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, true),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue(HttpFront.AI_GENERATED)).contains("true");
    assertThat(streamed(r))
        .as("the NHS number, split over three chunks, is redacted; the NI number restored")
        .isEqualTo("[AI draft] NHS number [UK_NHS] belongs to " + NINO + " today.");
  }

  @Test
  void outputBlock_withholdsTheAnswer_inFullAndInAStream() throws Exception {
    String text = "Pay into GB82 WEST 1234 5698 7654 32 by Friday.";
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, false),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("X-Steward-Reason")).contains("guard.output_personal_data");
    assertThat(r.body()).doesNotContain("5698");
    assertThat(ledgerRow(r).redactions())
        .as("the refused answer records the block, as the stream does")
        .isEqualTo("output.block:IBAN_CODE=1");

    HttpResponse<String> s =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, true),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    assertThat(s.statusCode()).isEqualTo(200);
    assertThat(s.body()).contains("guard.output_personal_data").doesNotContain("5698");
    assertThat(ledgerRow(s).redactions())
        .as("the stream cut by the block still records it, once, with its type")
        .isEqualTo("output.block:IBAN_CODE=1");
  }

  @Test
  void streamedAnswers_countWhatTheOutputGuardDid_asCompleteAnswersDo() throws Exception {
    String text =
        "NHS number 450 557 7104 belongs to "
            + NINO
            + "; so does NHS number 485 777 3457, says jo.bloggs@example.org.";
    HttpResponse<String> full =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, false),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    HttpResponse<String> streamed =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", text, true),
            auth("X-Steward-Sandbox-Behaviour", "echo"));
    assertThat(full.statusCode()).as(full.body()).isEqualTo(200);
    assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
    assertThat(streamed(streamed)).isEqualTo(content(full));

    String expected = "mask:EMAIL_ADDRESS=1,pseudonymise:UK_NINO=1,output.redact:UK_NHS=2";
    assertThat(ledgerRow(full).redactions()).isEqualTo(expected);
    assertThat(ledgerRow(streamed).redactions())
        .as("the streamed answer's row counts what the output guard did, as the complete one's")
        .isEqualTo(expected);
    assertThat(ledgerRow(streamed).stream()).isTrue();
  }

  private static dev.steward.store.LedgerRow ledgerRow(HttpResponse<String> r)
      throws InterruptedException {
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    return GatewayFixture.eventually(() -> gw.storage.ledger().find(id));
  }

  @Test
  void anthropicCallers_getTheSameGuards() throws Exception {
    String body =
        """
        {"model":"sandbox-chat","max_tokens":100,
         "messages":[{"role":"user","content":"Case for %s, please."}]}
        """
            .formatted(NINO);
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            body,
            "x-api-key",
            key,
            "anthropic-version",
            "2023-06-01",
            "Content-Type",
            "application/json",
            "X-Steward-Sandbox-Behaviour",
            "echo");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).at("/content/0/text").asText())
        .isEqualTo("[AI draft] Case for " + NINO + ", please.");
    assertThat(r.headers().firstValue(HttpFront.PERSONAL_DATA)).contains("UK_NINO:pseudonymise:1");
  }

  @Test
  void useCasesWithoutGuards_areUntouched() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            chat("sandbox-chat", "Client " + NINO, false),
            gw.auth()[0],
            gw.auth()[1],
            "Content-Type",
            "application/json",
            "X-Steward-Sandbox-Behaviour",
            "echo");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(content(r)).isEqualTo("Client " + NINO);
    assertThat(r.headers().firstValue(HttpFront.PERSONAL_DATA)).isEmpty();
    assertThat(r.headers().firstValue(HttpFront.AI_GENERATED)).isEmpty();
  }
}
