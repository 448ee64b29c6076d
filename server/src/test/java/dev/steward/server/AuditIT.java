package dev.steward.server;

import static dev.steward.server.GatewayFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntry.ExchangeCompletion;
import dev.steward.audit.AuditEntry.ExchangeRequest;
import dev.steward.audit.AuditEntry.KeyChange;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.audit.Commitment;
import dev.steward.store.LedgerRow;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.LogAuditor;
import dev.steward.tlog.NoteVerifier;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.ReceiptCodec;
import dev.steward.tlog.TileSource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's side of the transparency log, end to end over HTTP: request records before any
 * upstream call (and refusal when they cannot be committed), completion records, commitments the
 * caller can check, receipts, the public log, and logged key changes.
 */
class AuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;
  private GatewayFixture gw;

  @BeforeEach
  void start() {
    gw = new GatewayFixture(dir);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private NoteVerifier logKey() throws Exception {
    return NoteVerifier.parse(gw.get("/log/verifier-key").body().strip());
  }

  private Receipt receipt(String requestId, String key) throws Exception {
    HttpResponse<String> r =
        gw.get("/v1/steward/receipts/" + requestId, "Authorization", "Bearer " + key);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return ReceiptCodec.decode(r.body().getBytes(StandardCharsets.UTF_8));
  }

  private static List<AuditEntry> entries(Receipt receipt) {
    return receipt.entries().stream().map(e -> AuditEntryCodec.decode(e.entry())).toList();
  }

  @Test
  void chat_isCommittedBeforeAndAfter_andItsReceiptProvesBothCommitments() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, gw.auth());
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    long index = Long.parseLong(r.headers().firstValue(HttpFront.AUDIT_INDEX).orElseThrow());
    byte[] salt =
        Commitment.decodeSalt(r.headers().firstValue(HttpFront.COMMITMENT_SALT).orElseThrow());

    Receipt receipt = receipt(id, gw.key);
    Checkpoint cp = receipt.verify(logKey());
    assertThat(receipt.entries()).hasSize(2);
    assertThat(receipt.entries().get(0).index()).isEqualTo(index);
    assertThat(cp.size()).isGreaterThan(receipt.entries().get(1).index());

    List<AuditEntry> entries = entries(receipt);
    ExchangeRequest request = (ExchangeRequest) entries.get(0);
    assertThat(request.requestId()).isEqualTo(id);
    assertThat(request.decision()).isEqualTo(Decision.ALLOW);
    assertThat(request.caller().department()).isEqualTo("justice");
    assertThat(request.model()).isEqualTo("sandbox-chat");
    assertThat(
            Commitment.matches(
                request.promptCommitment(), salt, HELLO.getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    ExchangeCompletion completion = (ExchangeCompletion) entries.get(1);
    assertThat(completion.requestIndex()).isEqualTo(index);
    assertThat(completion.outcome()).isEqualTo("ok");
    assertThat(completion.status()).isEqualTo(200);
    assertThat(completion.route()).extracting(AuditEntry.Route::id).isEqualTo("sandbox/sim-1");
    assertThat(completion.tokens().output()).isPositive();
    assertThat(
            Commitment.matches(
                completion.responseCommitment(), salt, r.body().getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    // Content never enters the log.
    assertThat(new String(receipt.entries().get(0).entry(), StandardCharsets.UTF_8))
        .doesNotContain("Hello");

    LedgerRow row = eventually(() -> gw.storage.ledger().find(id));
    assertThat(row.audit())
        .isEqualTo(
            new LedgerRow.Audit(
                index, receipt.entries().get(1).index(), Commitment.encodeSalt(salt)));
    // Once the row is written the receipt comes from the ledger, and is the same.
    assertThat(entries(receipt(id, gw.key))).isEqualTo(entries);
  }

  @Test
  void stream_completionRecordCommitsToEveryByteOfTheEventStream() throws Exception {
    String body =
        "{\"model\":\"sandbox-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    HttpResponse<String> r = gw.post("/v1/chat/completions", body, gw.auth());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("[DONE]");
    String id = r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    byte[] salt =
        Commitment.decodeSalt(r.headers().firstValue(HttpFront.COMMITMENT_SALT).orElseThrow());
    List<AuditEntry> entries = entries(receipt(id, gw.key));
    assertThat(((ExchangeRequest) entries.get(0)).stream()).isTrue();
    ExchangeCompletion completion = (ExchangeCompletion) entries.get(1);
    assertThat(
            Commitment.matches(
                completion.responseCommitment(), salt, r.body().getBytes(StandardCharsets.UTF_8)))
        .isTrue();
  }

  @Test
  void refusal_isRecordedWithItsReason_andNoCompletion() throws Exception {
    String body =
        "{\"model\":\"not-for-courts\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    HttpResponse<String> r = gw.post("/v1/chat/completions", body, gw.auth());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue(HttpFront.AUDIT_INDEX)).isPresent();
    List<AuditEntry> entries =
        entries(receipt(r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow(), gw.key));
    assertThat(entries).hasSize(1);
    ExchangeRequest refused = (ExchangeRequest) entries.get(0);
    assertThat(refused.decision()).isEqualTo(Decision.REFUSE);
    assertThat(refused.reason())
        .isEqualTo(r.headers().firstValue("X-Steward-Reason").orElseThrow());
    assertThat(gw.upstream.requests()).isEmpty();
  }

  @Test
  void unauthenticated_isNotLogged() {
    // Accepted, not published: the start's policy-change entry may be published at any moment.
    long before = gw.log.acceptedSize();
    HttpResponse<String> r =
        gw.post("/v1/chat/completions", HELLO, "Content-Type", "application/json");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue(HttpFront.AUDIT_INDEX)).isEmpty();
    assertThat(gw.log.acceptedSize()).isEqualTo(before);
  }

  @Test
  void logCannotCommit_requestFailsClosed_andNoModelIsCalled() throws Exception {
    gw.log.close();
    String relay = "{\"model\":\"relay\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    HttpResponse<String> r = gw.post("/v1/chat/completions", relay, gw.auth());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("X-Steward-Reason")).contains("audit.unavailable");
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("audit.unavailable");
    assertThat(gw.upstream.requests()).isEmpty();
  }

  @Test
  void receipts_areForTheExchangesUseCaseOrTheAdmin_only() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, gw.auth());
    String id = r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    String sameUseCase = gw.newKey("justice", "courts", "summarise");
    String otherUseCase = gw.newKey("education", "schools", "feedback");
    assertThat(receipt(id, sameUseCase).entries()).hasSize(2);
    assertThat(receipt(id, GatewayFixture.ADMIN_KEY).entries()).hasSize(2);
    HttpResponse<String> other =
        gw.get("/v1/steward/receipts/" + id, "Authorization", "Bearer " + otherUseCase);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(gw.get("/v1/steward/receipts/" + id).statusCode()).isEqualTo(401);
    assertThat(
            gw.get("/v1/steward/receipts/req_nosuchrequest", "Authorization", "Bearer " + gw.key)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void publicLog_isServedAsTlogTiles_andAuditsCleanOverHttp() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(gw.post("/v1/chat/completions", HELLO, gw.auth()).statusCode()).isEqualTo(200);
    }
    // Ten records (five requests, five completions), published.
    eventually(() -> gw.log.size() >= 10 ? Optional.of(true) : Optional.empty());
    HttpResponse<String> cp = gw.get("/log/checkpoint");
    assertThat(cp.statusCode()).isEqualTo(200);
    assertThat(cp.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(cp.headers().firstValue("Cache-Control")).contains("public, max-age=2");
    Checkpoint head = Checkpoint.verify(cp.body().getBytes(StandardCharsets.UTF_8), logKey());
    assertThat(head.size()).isGreaterThanOrEqualTo(10);

    HttpResponse<byte[]> gzipped =
        gw.http()
            .send(
                HttpRequest.newBuilder(
                        gw.base().resolve("/log/tile/entries/000.p/" + Math.min(255, head.size())))
                    .header("Accept-Encoding", "gzip")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> bundle =
        gw.http()
            .send(
                HttpRequest.newBuilder(
                        gw.base().resolve("/log/tile/entries/000.p/" + Math.min(255, head.size())))
                    .header("Accept-Encoding", "identity")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(bundle.headers().firstValue("Cache-Control"))
        .contains("public, max-age=31536000, immutable");
    assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))
                .readAllBytes())
        .isEqualTo(bundle.body());
    HttpResponse<String> headOnly =
        gw.send(
            HttpRequest.newBuilder(gw.base().resolve("/log/checkpoint"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(headOnly.statusCode()).isEqualTo(200);
    assertThat(headOnly.body()).isEmpty();
    assertThat(gw.get("/log/tile/0/999").statusCode()).isEqualTo(404);
    assertThat(gw.get("/log/.lock").statusCode()).isEqualTo(404);
    assertThat(gw.get("/log/journal").statusCode()).isEqualTo(404);

    LogAuditor.Report report =
        LogAuditor.of(TileSource.http(URI.create(gw.base() + "/log/")), logKey()).audit();
    assertThat(report.checkpoint().size()).isEqualTo(head.size());
  }

  @Test
  void keyChanges_madeByTheAdminApi_areLogged() throws Exception {
    HttpResponse<String> created =
        gw.post(
            "/v1/steward/admin/keys",
            "{\"department\":\"education\",\"service\":\"schools\",\"use_case\":\"feedback\"}",
            "Authorization",
            "Bearer " + GatewayFixture.ADMIN_KEY,
            "Content-Type",
            "application/json");
    assertThat(created.statusCode()).isEqualTo(200);
    String keyId = JSON.readTree(created.body()).get("id").asText();
    KeyChange change =
        eventually(
            () -> {
              gw.log.published(gw.log.size()).join();
              for (long i = gw.log.size() - 1; i >= 0; i--) {
                if (AuditEntryCodec.decode(gw.log.entry(i)) instanceof KeyChange k
                    && k.caller().keyId().equals(keyId)) {
                  return Optional.of(k);
                }
              }
              return Optional.empty();
            });
    assertThat(change.action()).isEqualTo(AuditEntry.KeyAction.CREATED);
    assertThat(change.via()).isEqualTo("admin-api");
    assertThat(change.caller().useCase()).isEqualTo("feedback");
    assertThat(gw.storage.outbox().pending(10)).isEmpty();
  }
}
