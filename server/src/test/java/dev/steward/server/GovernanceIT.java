package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy versions, kill switches, human review and conversation labels, end to end through the
 * gateway and its transparency log.
 */
class GovernanceIT {
  static final String USE_CASES =
      """
                reviewed:
                  purpose: Draft decisions for a person to review
                  models: [sandbox-chat]
                  human-review: required
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  private static final String RELAY =
      "{\"model\":\"relay\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static String reviewed;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir, USE_CASES);
    reviewed = gw.newKey("justice", "courts", "reviewed");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static String[] auth(String key, String... more) {
    List<String> all =
        new ArrayList<>(
            List.of("Authorization", "Bearer " + key, "Content-Type", "application/json"));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String[] admin() {
    return auth(GatewayFixture.ADMIN_KEY);
  }

  private static List<AuditEntry> entries() throws Exception {
    return gw.entries();
  }

  private static <T extends AuditEntry> List<T> entries(Class<T> kind) throws Exception {
    return gw.entries(kind);
  }

  @Test
  void thePolicyInForce_isInTheLog_underTheConfigurationFilesHash() throws Exception {
    byte[] file = Files.readAllBytes(dir.resolve("steward.yaml"));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    AuditEntry.PolicyChange change =
        GatewayFixture.eventually(
            () -> {
              try {
                return entries(AuditEntry.PolicyChange.class).stream().findFirst();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(change.policyHash().hex()).isEqualTo(sha256);
    assertThat(change.version()).isEqualTo("unversioned");
    assertThat(change.previousHash()).isNull();
    assertThat(StewardServer.adoptPolicy(gw.config, gw.storage, Instant::now, true))
        .as("the same policy again is no change")
        .isFalse();
  }

  @Test
  void aKillSwitch_stopsAModelWithinASecond_isLogged_andLifts() throws Exception {
    HttpResponse<String> engaged =
        gw.post(
            "/v1/steward/admin/kill-switches",
            """
            {"scope":"model","target":"sandbox-refuser","note":"INC-42: refusals misfiring"}
            """,
            admin());
    assertThat(engaged.statusCode()).as(engaged.body()).isEqualTo(200);
    String id = JSON.readTree(engaged.body()).path("id").asText();
    String refuser =
        "{\"model\":\"sandbox-refuser\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    HttpResponse<String> stopped = gw.post("/v1/chat/completions", refuser, gw.auth());
    assertThat(stopped.statusCode()).isEqualTo(503);
    assertThat(stopped.headers().firstValue("X-Steward-Reason")).contains("killswitch.engaged");
    assertThat(gw.post("/v1/chat/completions", CHAT, gw.auth()).statusCode())
        .as("other models still serve")
        .isEqualTo(200);

    HttpResponse<String> again =
        gw.post(
            "/v1/steward/admin/kill-switches",
            "{\"scope\":\"model\",\"target\":\"sandbox-refuser\",\"note\":\"again\"}",
            admin());
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(
            gw.post(
                    "/v1/steward/admin/kill-switches",
                    "{\"scope\":\"model\",\"target\":\"no-such-model\",\"note\":\"x\"}",
                    admin())
                .statusCode())
        .isEqualTo(400);
    assertThat(
            gw.post(
                    "/v1/steward/admin/kill-switches",
                    "{\"scope\":\"model\",\"target\":\"sandbox-chat\",\"note\":\"x\"}",
                    gw.auth())
                .statusCode())
        .as("only the admin key engages switches")
        .isEqualTo(403);
    JsonNode list = JSON.readTree(gw.get("/v1/steward/admin/kill-switches", admin()).body());
    assertThat(list.path("data").findValuesAsText("id")).contains(id);

    HttpResponse<String> lifted =
        gw.send(
            HttpRequest.newBuilder(gw.base().resolve("/v1/steward/admin/kill-switches/" + id))
                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"note\":\"fixed\"}"))
                .build());
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
    assertThat(gw.post("/v1/chat/completions", refuser, gw.auth()).statusCode()).isEqualTo(200);

    List<AuditEntry.KillSwitchChange> changes =
        GatewayFixture.eventually(
            () -> {
              try {
                List<AuditEntry.KillSwitchChange> found =
                    entries(AuditEntry.KillSwitchChange.class).stream()
                        .filter(c -> c.switchId().equals(id))
                        .toList();
                return found.size() == 2 ? Optional.of(found) : Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(changes)
        .extracting(AuditEntry.KillSwitchChange::action)
        .containsExactly(AuditEntry.KillSwitchAction.ENGAGED, AuditEntry.KillSwitchAction.LIFTED);
    assertThat(changes.getFirst().note()).isEqualTo("INC-42: refusals misfiring");
    assertThat(changes.getLast().note()).isEqualTo("fixed");
  }

  @Test
  void aSwitchEngagedElsewhere_reachesThisNodeWithinASecond() throws Exception {
    // Another node, or the CLI, writes the switch to the shared store.
    KillSwitch s =
        KillSwitch.engaged(
            "ks_elsewhere", "provider", "pool", "INC-7: pool overloaded", "cli", Instant.now());
    gw.storage.killSwitches().engage(s, null);
    long start = System.nanoTime();
    String pooled = "{\"model\":\"pooled\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    int status = 0;
    while (System.nanoTime() - start < Duration.ofSeconds(1).toNanos()) {
      status = gw.post("/v1/chat/completions", pooled, gw.auth()).statusCode();
      if (status == 503) {
        break;
      }
      Thread.sleep(20);
    }
    assertThat(status).as("refused within a second of the switch").isEqualTo(503);
    gw.storage.killSwitches().lift("ks_elsewhere", "cli", "resolved", Instant.now(), null);
    GatewayFixture.eventually(
        () ->
            gw.post("/v1/chat/completions", pooled, gw.auth()).statusCode() == 200
                ? Optional.of(true)
                : Optional.empty());
  }

  @Test
  void drafts_areReviewed_andTheReviewIsLogged() throws Exception {
    HttpResponse<String> draft = gw.post("/v1/chat/completions", CHAT, auth(reviewed));
    assertThat(draft.statusCode()).isEqualTo(200);
    String requestId = draft.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    assertThat(draft.headers().firstValue(HttpFront.REVIEW))
        .contains("required; status=draft; request=" + requestId);
    long requestIndex =
        Long.parseLong(draft.headers().firstValue(HttpFront.AUDIT_INDEX).orElseThrow());
    String review =
        """
        {"request_id":"%s","reviewer":"officer-1138","outcome":"amended","note":"tone softened"}
        """
            .formatted(requestId);
    // The ledger row is written as the answer ends: the review may arrive just before it.
    HttpResponse<String> recorded =
        GatewayFixture.eventually(
            () -> {
              HttpResponse<String> r = gw.post(ReviewHandler.PATH, review, auth(reviewed));
              return r.statusCode() == 404 ? Optional.empty() : Optional.of(r);
            });
    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
    assertThat(JSON.readTree(recorded.body()).path("reviews").asInt()).isEqualTo(1);
    JsonNode list =
        JSON.readTree(gw.get(ReviewHandler.PATH + "/" + requestId, auth(reviewed)).body());
    assertThat(list.at("/data/0/outcome").asText()).isEqualTo("amended");
    assertThat(list.at("/data/0/reviewer").asText()).isEqualTo("officer-1138");

    AuditEntry.Review logged =
        GatewayFixture.eventually(
            () -> {
              try {
                return entries(AuditEntry.Review.class).stream()
                    .filter(r -> r.requestId().equals(requestId))
                    .findFirst();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(logged.requestIndex()).isEqualTo(requestIndex);
    assertThat(logged.outcome()).isEqualTo("amended");
    assertThat(logged.reviewer()).isEqualTo("officer-1138");

    String otherService = gw.newKey("education", "schools", "feedback");
    assertThat(gw.post(ReviewHandler.PATH, review, auth(otherService)).statusCode())
        .as("another service's key cannot see the request")
        .isEqualTo(404);
    assertThat(
            gw.post(ReviewHandler.PATH, review.replace("amended", "rubber-stamped"), auth(reviewed))
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void reviewsOfUseCasesThatNeedNone_areRefused() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, gw.auth());
    assertThat(r.headers().firstValue(HttpFront.REVIEW)).isEmpty();
    String requestId = r.headers().firstValue(HttpFront.REQUEST_ID).orElseThrow();
    String review =
        "{\"request_id\":\"%s\",\"reviewer\":\"o-1\",\"outcome\":\"approved\"}"
            .formatted(requestId);
    HttpResponse<String> refused =
        GatewayFixture.eventually(
            () -> {
              HttpResponse<String> x = gw.post(ReviewHandler.PATH, review, gw.auth());
              return x.statusCode() == 404 ? Optional.empty() : Optional.of(x);
            });
    assertThat(refused.statusCode()).isEqualTo(409);
  }

  @Test
  void aConversation_keepsTheHighestLabelItHasSeen() {
    String conversation = "case-" + System.nanoTime();
    HttpResponse<String> secret =
        gw.post(
            "/v1/chat/completions",
            CHAT,
            auth(
                gw.key,
                "X-Steward-Classification",
                "SECRET",
                "X-Steward-Conversation",
                conversation));
    assertThat(secret.statusCode()).isEqualTo(200);
    HttpResponse<String> later =
        gw.post(
            "/v1/chat/completions",
            CHAT,
            auth(
                gw.key,
                "X-Steward-Classification",
                "OFFICIAL",
                "X-Steward-Conversation",
                conversation));
    assertThat(later.headers().firstValue("X-Steward-Classification")).contains("SECRET");
    HttpResponse<String> relay =
        gw.post(
            "/v1/chat/completions", RELAY, auth(gw.key, "X-Steward-Conversation", conversation));
    assertThat(relay.statusCode())
        .as("an OFFICIAL-only route may not take a SECRET conversation")
        .isEqualTo(403);
    HttpResponse<String> fresh =
        gw.post(
            "/v1/chat/completions",
            CHAT,
            auth(gw.key, "X-Steward-Conversation", conversation + "-other"));
    assertThat(fresh.headers().firstValue("X-Steward-Classification")).contains("OFFICIAL");
    assertThat(
            gw.post(
                    "/v1/chat/completions",
                    CHAT,
                    auth(gw.key, "X-Steward-Conversation", "has space"))
                .statusCode())
        .isEqualTo(400);
  }
}
