package dev.steward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.server.StewardServer;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The demo's first traffic, so its benefits pages and ATRS records have something to show: for each
 * use case that can call a chat model, a few requests through the running gateway (with a key of
 * its own, committed to the log like any key), and an outcome for each answer, as the service's UI
 * would report it. Real exchanges, not rows written behind the gateway's back: they are in the
 * ledger, the log and the reports alike. Sent once, on a demo's first start.
 */
final class DemoTraffic {
  static final int REQUESTS_PER_USE_CASE = 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] OUTCOMES = {"accepted", "accepted", "edited", "rejected"};

  private DemoTraffic() {}

  /** How many exchanges were served; 0 when the ledger already had rows (not a first start). */
  static int send(StewardConfig cfg, StewardServer server, Storage storage) {
    boolean[] any = new boolean[1];
    Instant now = Instant.now();
    storage.ledger().forEach(Instant.EPOCH, now.plusSeconds(60), row -> any[0] = true);
    if (any[0]) {
      return 0;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int served = 0;
    for (DepartmentConfig d : sorted(cfg)) {
      for (ServiceConfig s :
          d.services().values().stream().sorted(Comparator.comparing(ServiceConfig::id)).toList()) {
        for (UseCaseConfig u :
            s.useCases().values().stream()
                .sorted(Comparator.comparing(UseCaseConfig::id))
                .toList()) {
          Optional<String> model = DemoCommand.firstModel(cfg, u, ModelKind.CHAT);
          if (model.isEmpty()) {
            continue;
          }
          String key =
              DemoCommand.newKey(
                      server, storage, Principal.of(d.id(), s.id(), u.id()), "demo traffic")
                  .plaintext();
          for (int i = 0; i < REQUESTS_PER_USE_CASE; i++) {
            String id = chat(http, server.baseUri(), key, model.get(), u.purpose());
            if (id != null) {
              served++;
              outcome(http, server.baseUri(), key, id, OUTCOMES[i % OUTCOMES.length]);
            }
          }
        }
      }
    }
    return served;
  }

  private static List<DepartmentConfig> sorted(StewardConfig cfg) {
    return cfg.departments().values().stream()
        .sorted(Comparator.comparing(DepartmentConfig::id))
        .toList();
  }

  /** The request id of a served chat completion, or {@code null} when the gateway refused it. */
  private static @org.jspecify.annotations.Nullable String chat(
      HttpClient http, URI base, String key, String model, String purpose) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", model);
    body.put("max_tokens", 200);
    ObjectNode message = body.putArray("messages").addObject();
    message.put("role", "user");
    message.put("content", "Draft a first answer for this task: " + purpose);
    HttpResponse<String> res =
        post(http, base.resolve("/v1/chat/completions"), key, body.toString());
    return res.statusCode() == 200
        ? res.headers().firstValue("X-Steward-Request-Id").orElse(null)
        : null;
  }

  private static void outcome(HttpClient http, URI base, String key, String id, String outcome) {
    ObjectNode body = JSON.createObjectNode();
    body.put("request_id", id);
    body.put("outcome", outcome);
    HttpResponse<String> res =
        post(http, base.resolve("/v1/steward/outcomes"), key, body.toString());
    if (res.statusCode() >= 300) {
      throw new CliException(
          ExitCode.FAILURE, "demo traffic: outcome refused (" + res.statusCode() + ")");
    }
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String key, String body) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "demo traffic: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILURE, "demo traffic: interrupted");
    }
  }
}
