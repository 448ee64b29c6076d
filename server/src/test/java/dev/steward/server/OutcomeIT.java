package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services report what became of their AI answers, end to end through the gateway. */
class OutcomeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir static Path dir;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String[] auth(String key) {
    return new String[] {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
  }

  /** A chat request through the gateway, answered; its request id. */
  private static String answered() {
    HttpResponse<String> chat = gw.post("/v1/chat/completions", CHAT, gw.auth());
    assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
    return chat.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
  }

  @Test
  void aReport_sentAsSoonAsTheAnswerArrives_findsTheExchange() {
    // The exchange's ledger row is written after its answer (once its completion record is in the
    // log): the report waits for it rather than answering "not found".
    for (int i = 0; i < 5; i++) {
      String requestId = answered();
      HttpResponse<String> r =
          report("{\"request_id\":\"%s\",\"outcome\":\"accepted\"}".formatted(requestId), gw.key);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> report(String body, String key) {
    return gw.post(OutcomeHandler.PATH, body, auth(key));
  }

  @Test
  void aReport_isStored_answered_andReadBack_butNotLogged() throws Exception {
    String requestId = answered();
    Instant before = Instant.now().minusSeconds(1);

    HttpResponse<String> r =
        report(
            """
            {"request_id":"%s","outcome":"edited","minutes_saved":12.5,"note":"tightened tone"}
            """
                .formatted(requestId),
            gw.key);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode out = JSON.readTree(r.body());
    assertThat(out.path("request_id").asText()).isEqualTo(requestId);
    assertThat(out.path("outcome").asText()).isEqualTo("edited");
    assertThat(out.path("minutes_saved").asDouble()).isEqualTo(12.5);
    assertThat(out.path("note").asText()).isEqualTo("tightened tone");
    assertThat(Instant.parse(out.path("recorded_at").asText())).isAfter(before);
    String keyId = gw.storage.ledger().find(requestId).orElseThrow().keyId();
    assertThat(out.path("recorded_by").asText()).isEqualTo(keyId);

    Outcome stored = gw.storage.outcomes().find(requestId).orElseThrow();
    assertThat(stored.outcome()).isEqualTo(Kind.EDITED);
    assertThat(stored.department()).isEqualTo("justice");
    assertThat(stored.service()).isEqualTo("courts");
    assertThat(stored.useCase()).isEqualTo("summarise");
    assertThat(stored.minutesSaved()).isEqualTo(12.5);

    HttpResponse<String> got = gw.get(OutcomeHandler.PATH + "/" + requestId, gw.auth());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(got.body())).isEqualTo(out);

    assertThat(gw.entries())
        .as("outcomes are not committed to the transparency log")
        .noneMatch(e -> e.toString().contains("tightened tone"))
        .filteredOn(e -> e.toString().contains(requestId))
        .allMatch(
            e ->
                e instanceof AuditEntry.ExchangeRequest
                    || e instanceof AuditEntry.ExchangeCompletion);
  }

  @Test
  void aSecondReport_replacesTheFirst() throws Exception {
    String requestId = answered();
    String sameServiceOtherUseCase = gw.newKey("justice", "courts", "uk-only");
    assertThat(
            report(
                    "{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"minutes_saved\":30}"
                        .formatted(requestId),
                    gw.key)
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> second =
        report(
            "{\"request_id\":\"%s\",\"outcome\":\"rejected\"}".formatted(requestId),
            sameServiceOtherUseCase);

    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    JsonNode latest =
        JSON.readTree(gw.get(OutcomeHandler.PATH + "/" + requestId, gw.auth()).body());
    assertThat(latest.path("outcome").asText()).isEqualTo("rejected");
    assertThat(latest.path("minutes_saved").isNull()).isTrue();
    assertThat(latest.has("note")).isFalse();
    assertThat(latest).isEqualTo(JSON.readTree(second.body()));
  }

  @Test
  void anotherServicesKey_orAnUnknownRequest_isNotFound() throws Exception {
    String requestId = answered();
    String otherService = gw.newKey("education", "schools", "feedback");
    String body = "{\"request_id\":\"%s\",\"outcome\":\"accepted\"}";

    HttpResponse<String> other = report(body.formatted(requestId), otherService);
    HttpResponse<String> unknown = report(body.formatted("req_no-such-request"), gw.key);
    HttpResponse<String> otherGet =
        gw.get(OutcomeHandler.PATH + "/" + requestId, auth(otherService));

    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(otherGet.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(other.body()).at("/error/message").asText())
        .as("the same answer as for an unknown request, apart from the id")
        .isEqualTo(
            JSON.readTree(unknown.body())
                .at("/error/message")
                .asText()
                .replace("req_no-such-request", requestId));
    assertThat(gw.storage.outcomes().find(requestId)).isEmpty();
    assertThat(gw.get(OutcomeHandler.PATH + "/" + requestId, gw.auth()).statusCode())
        .as("nothing reported yet")
        .isEqualTo(404);
  }

  @Test
  void badFields_areRefused_namingTheField() throws Exception {
    String requestId = answered();
    String[][] cases = {
      {"{\"request_id\":\"%s\",\"outcome\":\"loved-it\"}", "outcome"},
      {"{\"request_id\":\"%s\"}", "outcome"},
      {"{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"minutes_saved\":1441}", "minutes_saved"},
      {"{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"minutes_saved\":-1}", "minutes_saved"},
      {"{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"minutes_saved\":\"5\"}", "minutes_saved"},
      {"{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"note\":\"\"}", "note"},
      {"{\"outcome\":\"accepted\",\"x\":\"%s\"}", "request_id"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = report(c[0].formatted(requestId), gw.key);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertThat(error.path("param").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(error.path("message").asText()).as(c[0]).startsWith(c[1] + ": ");
    }
    HttpResponse<String> longNote =
        report(
            "{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"note\":\"%s\"}"
                .formatted(requestId, "x".repeat(1001)),
            gw.key);
    assertThat(longNote.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(longNote.body()).at("/error/message").asText())
        .isEqualTo("note: expected a string of 1..1000 characters, or no note");
    assertThat(
            JSON.readTree(
                    report(
                            "{\"request_id\":\"%s\",\"outcome\":\"accepted\",\"minutes_saved\":1441}"
                                .formatted(requestId),
                            gw.key)
                        .body())
                .at("/error/message")
                .asText())
        .isEqualTo("minutes_saved: 1441 (expected: a number of minutes 0..1440, or none)");
    assertThat(gw.storage.outcomes().find(requestId)).as("nothing stored").isEmpty();
  }

  @Test
  void withoutAValidKey_isUnauthorised() throws Exception {
    String requestId = answered();
    String body = "{\"request_id\":\"%s\",\"outcome\":\"accepted\"}".formatted(requestId);

    HttpResponse<String> missing =
        gw.post(OutcomeHandler.PATH, body, "Content-Type", "application/json");
    HttpResponse<String> invalid = report(body, "sk-not-a-real-key-000000000000");

    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(gw.get(OutcomeHandler.PATH + "/" + requestId).statusCode()).isEqualTo(401);
    assertThat(gw.storage.outcomes().find(requestId)).isEmpty();
  }
}
