package dev.steward.server;

import static dev.steward.server.GatewayFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.store.ApiKeys;
import dev.steward.store.LedgerRow;
import dev.steward.testing.FakeUpstream.Scripted;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steward over raw HTTP: errors in each API's shape, routing through a fake upstream, ledger. */
class GatewayIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO =
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

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static String upstreamAnswer(long prompt, long cached, long completion) {
    return """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-x-2025",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Upstream says hi."},
                     "finish_reason":"stop","logprobs":null}],
         "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                  "prompt_tokens_details":{"cached_tokens":%d}}}
        """
        .formatted(prompt, completion, prompt + completion, cached);
  }

  private static String relay() {
    return "{\"model\":\"relay\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  }

  @Test
  void malformedJson_openAi_answersInOpenAiShape() throws Exception {
    HttpResponse<String> r = gw.post("/v1/chat/completions", "{\"model\":", gw.auth());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("X-Steward-Reason")).hasValue("request.malformed_json");
    assertThat(r.headers().firstValue("X-Steward-Request-Id")).isPresent();
    JsonNode error = json(r).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("code").asText()).isEqualTo("request.malformed_json");
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    LedgerRow row = eventually(() -> gw.storage.ledger().find(id));
    assertThat(row.outcome()).isEqualTo("request.malformed_json");
    assertThat(row.httpStatus()).isEqualTo(400);
  }

  @Test
  void malformedJson_anthropic_answersInAnthropicShape() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/messages",
            "[1,2",
            "x-api-key",
            gw.key,
            "anthropic-version",
            "2023-06-01",
            "Content-Type",
            "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = json(r);
    assertThat(body.get("type").asText()).isEqualTo("error");
    assertThat(body.get("error").get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void wrongType_namesTheField() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions", "{\"model\":\"sandbox-chat\",\"messages\":\"hi\"}", gw.auth());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("error").get("message").asText()).contains("messages");
  }

  @Test
  void missingKey_isUnauthorized_inBothShapes() throws Exception {
    HttpResponse<String> openAi =
        gw.post("/v1/chat/completions", HELLO, "Content-Type", "application/json");
    HttpResponse<String> anthropic =
        gw.post("/v1/messages", HELLO, "Content-Type", "application/json");

    assertThat(openAi.statusCode()).isEqualTo(401);
    assertThat(json(openAi).get("error").get("code").asText()).isEqualTo("auth.missing_key");
    assertThat(anthropic.statusCode()).isEqualTo(401);
    assertThat(json(anthropic).get("error").get("type").asText()).isEqualTo("authentication_error");
  }

  @Test
  void revokedKey_stopsWorkingWithinASecond() throws Exception {
    String key = gw.newKey("justice", "courts", "summarise");
    String[] headers = {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
    assertThat(gw.post("/v1/chat/completions", HELLO, headers).statusCode()).isEqualTo(200);
    String id = gw.storage.keys().findByHash(ApiKeys.hash(key)).orElseThrow().id();

    gw.storage.keys().revoke(id, Instant.now());

    HttpResponse<String> refused =
        eventually(
            () -> {
              HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, headers);
              return r.statusCode() == 401 ? Optional.of(r) : Optional.empty();
            });
    assertThat(refused.headers().firstValue("X-Steward-Reason")).hasValue("auth.revoked_key");
  }

  @Test
  void oversizeBody_isRefusedWith413() throws Exception {
    String big =
        "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\""
            + "x".repeat(70_000)
            + "\"}]}";

    HttpResponse<String> r = gw.post("/v1/chat/completions", big, gw.auth());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").get("code").asText()).isEqualTo("request.too_large");
  }

  @Test
  void formBody_isRefusedWith415() {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "model=x",
            "Authorization",
            "Bearer " + gw.key,
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(r.statusCode()).isEqualTo(415);
  }

  @Test
  void unknownPath_is404InJson() throws Exception {
    HttpResponse<String> r = gw.get("/v1/nothing-here", gw.auth());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("error").get("code").asText()).isEqualTo("request.no_such_path");
  }

  @Test
  void modelOutsideUseCase_isForbidden_andHiddenFromModels() throws Exception {
    String key = gw.newKey("education", "schools", "feedback");
    String[] headers = {"Authorization", "Bearer " + key, "Content-Type", "application/json"};

    HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, headers);
    HttpResponse<String> models = gw.get("/v1/models", headers);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("X-Steward-Reason")).hasValue("model.not_allowed");
    assertThat(json(models).get("data")).hasSize(1);
    assertThat(json(models).get("data").get(0).get("id").asText()).isEqualTo("not-for-courts");
  }

  @Test
  void controlCharactersInModel_areNotEchoedIntoHeadersOrRaw() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"evil\\r\\nX-Injected: 1\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            gw.auth());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("X-Injected")).isEmpty();
    assertThat(json(r).get("error").get("message").asText()).doesNotContain("\r", "\n");
  }

  @Test
  void retryableUpstreamError_isRetried_andLedgerCostsTheAnswer() throws Exception {
    gw.upstream.enqueue(
        Scripted.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}"),
        Scripted.json(200, upstreamAnswer(1000, 200, 500)));

    HttpResponse<String> r = gw.post("/v1/chat/completions", relay(), gw.auth());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Steward-Route")).hasValue("flaky/gpt-x");
    assertThat(r.headers().firstValue("X-Steward-Attempts")).hasValue("2");
    assertThat(json(r).get("choices").get(0).get("message").get("content").asText())
        .isEqualTo("Upstream says hi.");
    assertThat(gw.upstream.lastRequest().header("authorization"))
        .isEqualTo("Bearer sk-upstream-test");
    String id = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    LedgerRow row = eventually(() -> gw.storage.ledger().find(id));
    assertThat(row.inputTokens()).isEqualTo(1000);
    assertThat(row.cachedInputTokens()).isEqualTo(200);
    assertThat(row.outputTokens()).isEqualTo(500);
    // (800 × £2 + 200 × £1 + 500 × £8) / 1M
    assertThat(row.costGbp()).isEqualByComparingTo(new BigDecimal("0.0058"));
    assertThat(row.routeId()).isEqualTo("flaky/gpt-x");
    assertThat(row.outcome()).isEqualTo("ok");
    assertThat(row.attempts()).isEqualTo(2);
  }

  @Test
  void exhaustedRoute_fallsBackToTheNext() throws Exception {
    gw.upstream.enqueue(
        Scripted.json(500, "{\"error\":{\"message\":\"down\"}}"),
        Scripted.json(500, "{\"error\":{\"message\":\"down\"}}"),
        Scripted.json(200, upstreamAnswer(10, 0, 5)));

    HttpResponse<String> r = gw.post("/v1/chat/completions", relay(), gw.auth());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Steward-Route")).hasValue("backup/local-x");
    assertThat(gw.upstream.lastRequest().path()).isEqualTo("/backup/v1/chat/completions");
  }

  @Test
  void upstreamRejection_isNotRetried() throws Exception {
    int before = gw.upstream.requests().size();
    gw.upstream.enqueue(
        Scripted.json(
            400,
            "{\"error\":{\"message\":\"bad tool schema\",\"type\":\"invalid_request_error\"}}"));

    HttpResponse<String> r = gw.post("/v1/chat/completions", relay(), gw.auth());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("X-Steward-Reason")).hasValue("upstream.rejected");
    assertThat(gw.upstream.requests().size() - before).isEqualTo(1);
  }

  @Test
  void sandboxBehaviourHeader_refuses() throws Exception {
    String[] headers = {
      "Authorization",
      "Bearer " + gw.key,
      "Content-Type",
      "application/json",
      "X-Steward-Sandbox-Behaviour",
      "refuse"
    };

    HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, headers);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("choices").get(0).get("message").get("content").asText())
        .containsIgnoringCase("can't help");
  }

  @Test
  void refuserModel_refusesByConfiguration() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sandbox-refuser\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            gw.auth());

    assertThat(json(r).get("choices").get(0).get("message").get("content").asText())
        .containsIgnoringCase("can't help");
  }

  @Test
  void openAiStream_endsWithDone() {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"sandbox-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            gw.auth());

    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(r.body()).startsWith("data: {").endsWith("data: [DONE]\n\n");
  }

  @Test
  void slowClients_doNotHoldUpOthers() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket s = new Socket("127.0.0.1", gw.server.port());
        OutputStream out = s.getOutputStream();
        // Headers promise a body that never comes; half the clients stop mid-header.
        String partial =
            i % 2 == 0
                ? "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"mo"
                : "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthor";
        out.write(partial.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        stalled.add(s);
      }

      long start = System.nanoTime();
      HttpResponse<String> r = gw.post("/v1/chat/completions", HELLO, gw.auth());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void fullCapacityPool_refusesWith429_whileAStreamHoldsTheSlot() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest slow =
        java.net.http.HttpRequest.newBuilder(gw.base().resolve("/v1/chat/completions"))
            .header("Authorization", "Bearer " + gw.key)
            .header("Content-Type", "application/json")
            .header("X-Steward-Sandbox-Latency-Ms", "50")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"pooled\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"a long answer please\"}]}"))
            .build();
    HttpResponse<java.io.InputStream> holding =
        http.send(slow, HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = holding.body()) {
      assertThat(in.read()).isNotNegative();

      HttpResponse<String> refused =
          gw.post(
              "/v1/chat/completions",
              "{\"model\":\"pooled\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
              gw.auth());

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("X-Steward-Reason")).hasValue("capacity.queue_full");
      assertThat(gw.get("/metrics").body()).contains("steward_queue_depth");
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  @Test
  void clientLeavingMidStream_releasesTheCapacitySlot_andTheLedgerSaysSo() throws Exception {
    String body =
        "{\"model\":\"pooled\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"a long answer please\"}]}";
    String requestId;
    try (Socket s = new Socket("127.0.0.1", gw.server.port())) {
      s.setSoTimeout(5000);
      String request =
          "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + gw.key
              + "\r\nContent-Type: application/json\r\nX-Steward-Sandbox-Latency-Ms: 200\r\n"
              + "Content-Length: "
              + body.getBytes(StandardCharsets.UTF_8).length
              + "\r\n\r\n"
              + body;
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String id = null;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-steward-request-id:")) {
          id = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      requestId = java.util.Objects.requireNonNull(id, "X-Steward-Request-Id");
      assertThat(in.readLine()).as("the first chunk of the stream").isNotNull();
    }

    String answered =
        eventually(
            () -> {
              HttpResponse<String> r =
                  gw.post(
                      "/v1/chat/completions",
                      "{\"model\":\"pooled\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                      gw.auth());
              return r.statusCode() == 200 ? Optional.of("ok") : Optional.empty();
            });
    assertThat(answered).isEqualTo("ok");
    String outcome =
        eventually(() -> gw.storage.ledger().find(requestId).map(row -> row.outcome()));
    assertThat(outcome).isEqualTo("client.disconnected");
  }

  @Test
  void refusedRequest_endsItsExchange_soShutdownDoesNotWaitForIt() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            gw.auth());
    assertThat(r.statusCode()).isEqualTo(404);

    int running =
        eventually(() -> gw.server.inFlight() == 0 ? Optional.of(0) : Optional.<Integer>empty());
    assertThat(running).isZero();
  }

  @Test
  void metricsAndHealth_areServed() {
    gw.post("/v1/chat/completions", HELLO, gw.auth());

    HttpResponse<String> metrics = gw.get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("steward_requests_total{")
        .contains("steward_request_duration_seconds_bucket");
    assertThat(gw.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(gw.get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void adminApi_createsAndRevokesKeys_withTheAdminKeyOnly() throws Exception {
    String[] admin = {
      "Authorization", "Bearer " + GatewayFixture.ADMIN_KEY, "Content-Type", "application/json"
    };
    HttpResponse<String> denied = gw.get("/v1/steward/admin/keys", gw.auth());
    HttpResponse<String> created =
        gw.post(
            "/v1/steward/admin/keys",
            "{\"department\":\"justice\",\"service\":\"courts\",\"use_case\":\"summarise\",\"label\":\"ops\"}",
            admin);
    String key = json(created).get("key").asText();
    String id = json(created).get("id").asText();
    String[] user = {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
    int before = gw.post("/v1/chat/completions", HELLO, user).statusCode();
    HttpResponse<String> revoked =
        gw.send(
            java.net.http.HttpRequest.newBuilder(gw.base().resolve("/v1/steward/admin/keys/" + id))
                .header("Authorization", "Bearer " + GatewayFixture.ADMIN_KEY)
                .DELETE()
                .build());

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(before).isEqualTo(200);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(gw.get("/v1/steward/admin/keys", admin).body()).contains(id).doesNotContain(key);
  }
}
