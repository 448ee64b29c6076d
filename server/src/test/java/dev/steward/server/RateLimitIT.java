package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.store.ApiKeys;
import dev.steward.store.H2Storage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests per minute per key and per service, end to end, on the sandbox provider. */
class RateLimitIT {
  private static final String BODY =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  @TempDir Path dir;

  @Test
  void keyAndServiceLimits_refuseWith429AndRetryAfter_untilTheNextMinute() throws Exception {
    Path file = dir.resolve("steward.yaml");
    Files.writeString(
        file,
        """
        server: {host: 127.0.0.1, port: 0, shutdown-grace: 5s}
        sandbox: allowed
        providers:
          sandbox: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
        models:
          sandbox-chat:
            routes:
              - {provider: sandbox, model: sim-1}
        departments:
          justice:
            name: Ministry of Justice
            services:
              courts:
                name: Courts
                rate-limit: {requests-per-minute: 3}
                use-cases:
                  summarise:
                    purpose: Summarise hearings
                    rate-limit-per-key: {requests-per-minute: 2}
        """);
    StewardConfig config = ConfigLoader.load(file, Map.of());
    // Half a minute into a clock minute, moving at the real pace: the test ends well within it.
    Instant base = Instant.parse("2026-11-27T10:00:30Z");
    long t0 = System.nanoTime();
    InstantSource clock = () -> base.plusNanos(System.nanoTime() - t0);
    try (Storage storage = H2Storage.open(dir.resolve("data"));
        HttpClient http = HttpClient.newHttpClient()) {
      StewardServer server =
          StewardServer.start(
              config,
              storage,
              Map.of(),
              clock,
              0,
              TransparencyLogs.open(config.transparencyLog(), dir.resolve("data"), Map.of()));
      try {
        String a = newKey(storage);
        String b = newKey(storage);
        assertThat(post(http, server, a).statusCode()).isEqualTo(200);
        assertThat(post(http, server, a).statusCode()).isEqualTo(200);
        HttpResponse<String> keyLimited = post(http, server, a);
        assertThat(keyLimited.statusCode()).isEqualTo(429);
        assertThat(keyLimited.headers().firstValue("X-Steward-Reason"))
            .contains("rate_limit.exceeded");
        assertThat(keyLimited.body()).contains("requests-per-minute 2").contains("key '");
        assertThat(keyLimited.headers().firstValue("Retry-After").map(Long::parseLong))
            .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 30L));

        assertThat(post(http, server, b).statusCode()).isEqualTo(200);
        HttpResponse<String> serviceLimited = post(http, server, b);
        assertThat(serviceLimited.statusCode()).isEqualTo(429);
        assertThat(serviceLimited.body())
            .contains("service 'justice/courts' requests-per-minute 3");
      } finally {
        server.close();
      }
    }
  }

  private static String newKey(Storage storage) {
    NewApiKey k =
        ApiKeys.create(Principal.of("justice", "courts", "summarise"), "t", "t", Instant.now());
    storage.keys().insert(k.record());
    return k.plaintext();
  }

  private static HttpResponse<String> post(HttpClient http, StewardServer server, String key)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
