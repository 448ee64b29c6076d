package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shutdown lets a running stream finish, and refuses new requests meanwhile. */
class ShutdownIT {
  @TempDir Path dir;

  @Test
  void close_letsRunningStreamFinish_andRefusesNewRequests() throws Exception {
    GatewayFixture gw = new GatewayFixture(dir);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest slow =
        HttpRequest.newBuilder(gw.base().resolve("/v1/chat/completions"))
            .header("Authorization", "Bearer " + gw.key)
            .header("Content-Type", "application/json")
            .header("X-Steward-Sandbox-Behaviour", "slow")
            .header("X-Steward-Sandbox-Latency-Ms", "60")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sandbox-chat\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Tell me about the crown court\"}]}"))
            .build();
    HttpResponse<InputStream> response = http.send(slow, HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader body =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    String first = body.readLine();
    assertThat(first).startsWith("data: {");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(gw::close);
    HttpResponse<String> during = waitForRefusal(gw);
    StringBuilder rest = new StringBuilder();
    String line;
    while ((line = body.readLine()) != null) {
      rest.append(line).append('\n');
    }
    closing.get();

    assertThat(rest.toString()).endsWith("data: [DONE]\n\n");
    if (during != null) {
      assertThat(during.statusCode()).isEqualTo(503);
      assertThat(during.headers().firstValue("X-Steward-Reason")).hasValue("server.shutting_down");
    }
  }

  /** A request sent while draining: 503, or null if the listener had already closed. */
  private static @org.jspecify.annotations.Nullable HttpResponse<String> waitForRefusal(
      GatewayFixture gw) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            gw.post(
                "/v1/chat/completions",
                "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                gw.auth());
        if (r.statusCode() == 503) {
          return r;
        }
      } catch (RuntimeException connectionClosed) {
        return null;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("new requests were still accepted 2 s after shutdown began");
  }
}
