package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose configuration points {@code tracing.otlp-endpoint} at a fake OTLP/HTTP collector
 * exports its spans there, as protobuf, with the configured headers, when it closes (the batch
 * processor is flushed on shutdown).
 */
class TracingIT {
  /** One export as the collector received it. */
  record Export(String path, String contentType, String token, byte[] body) {}

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final List<Export> exports = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private int collector() throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              exports.add(
                                  new Export(
                                      req.method().name() + " " + req.path(),
                                      String.valueOf(req.getHeader("Content-Type")),
                                      String.valueOf(req.getHeader("X-Collector-Token")),
                                      body.getBytes()));
                              req.response().setStatusCode(200).end();
                            }));
    return server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
  }

  @Test
  void chatCompletion_spansPostedToTheCollectorAsProtobuf_withHeaders_withoutContent()
      throws Exception {
    int port = collector();
    String tracing =
        """
        tracing:
          otlp-endpoint: http://127.0.0.1:%d
          service-name: steward-it
          headers:
            X-Collector-Token: {env: TEST_COLLECTOR_TOKEN}
        """
            .formatted(port);
    HttpResponse<String> r;
    try (TracingTest.Gateway gw =
        TracingTest.Gateway.configured(
            dir, tracing, Map.of("TEST_COLLECTOR_TOKEN", "collector-secret-1"))) {
      r =
          gw.post(
              "/v1/chat/completions",
              "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":"
                  + "\"case ZQ-9912-private\"}]}");
    }
    assertThat(r.statusCode()).isEqualTo(200);

    assertThat(exports).isNotEmpty();
    Export first = exports.getFirst();
    assertThat(first.path()).isEqualTo("POST /v1/traces");
    assertThat(first.contentType()).isEqualTo("application/x-protobuf");
    assertThat(first.token()).isEqualTo("collector-secret-1");
    String all =
        String.join(
            "\n",
            exports.stream().map(e -> new String(e.body(), StandardCharsets.ISO_8859_1)).toList());
    String requestId = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();
    assertThat(all)
        .contains("steward-it")
        .contains("POST /v1/chat/completions")
        .contains("stage ledger")
        .contains("stage authenticate")
        .contains("stage model-access")
        .contains(
            new String(
                "stage route → provider".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1))
        .contains("chat sim-1")
        .contains(requestId)
        .doesNotContain("ZQ-9912");
  }
}
