package dev.steward.server;

import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.store.ApiKeys;
import dev.steward.store.H2Storage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import dev.steward.testing.FakeUpstream;
import dev.steward.tlog.TileLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A real Steward on a free loopback port, on an embedded database in a temporary folder, with the
 * sandbox provider and two OpenAI-protocol providers that point at a {@link FakeUpstream}.
 */
final class GatewayFixture implements AutoCloseable {
  static final String ADMIN_KEY = "admin-test-key-0123456789";

  final FakeUpstream upstream = FakeUpstream.start();
  final Path dir;
  final Storage storage;
  final StewardServer server;
  final TileLog log;
  final String key;
  final StewardConfig config;
  private final HttpClient http = HttpClient.newHttpClient();

  GatewayFixture(Path dir) {
    this(dir, "");
  }

  /**
   * A gateway whose Courts service has these use cases besides its own (YAML, indented to sit under
   * {@code use-cases:}: 10 spaces before each use case's id).
   */
  GatewayFixture(Path dir, String moreCourtsUseCases) {
    this.dir = dir;
    try {
      Path file = dir.resolve("steward.yaml");
      Files.writeString(file, yaml(upstream.baseUri(), moreCourtsUseCases));
      Map<String, String> env =
          Map.of("TEST_UPSTREAM_KEY", "sk-upstream-test", "TEST_ADMIN_KEY", ADMIN_KEY);
      this.config = ConfigLoader.load(file, env);
      this.storage = H2Storage.open(dir.resolve("data"));
      this.server =
          StewardServer.start(
              config,
              storage,
              env,
              InstantSource.system(),
              0,
              log = TransparencyLogs.open(config.transparencyLog(), dir.resolve("data"), env));
      this.key = newKey("justice", "courts", "summarise");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String newKey(String department, String service, String useCase) {
    NewApiKey k =
        ApiKeys.create(Principal.of(department, service, useCase), "test", "test", Instant.now());
    storage.keys().insert(k.record());
    return k.plaintext();
  }

  /** The official OpenAI SDK, pointed at this gateway with {@code key}, no retries. */
  com.openai.client.OpenAIClient openAi(String key) {
    return com.openai.client.okhttp.OpenAIOkHttpClient.builder()
        .baseUrl(base() + "/v1")
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  /** The official Anthropic SDK, pointed at this gateway with {@code key}, no retries. */
  com.anthropic.client.AnthropicClient anthropic(String key) {
    return com.anthropic.client.okhttp.AnthropicOkHttpClient.builder()
        .baseUrl(base().toString())
        .apiKey(key)
        .maxRetries(0)
        .build();
  }

  HttpClient http() {
    return http;
  }

  URI base() {
    return server.baseUri();
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every entry of the log, published up to now. */
  java.util.List<dev.steward.audit.AuditEntry> entries() throws Exception {
    long size = log.acceptedSize();
    log.published(size).get();
    java.util.List<dev.steward.audit.AuditEntry> out = new java.util.ArrayList<>();
    for (long i = 0; i < size; i++) {
      out.add(dev.steward.audit.AuditEntryCodec.decode(log.entry(i)));
    }
    return out;
  }

  /** The log's entries of one kind, published up to now. */
  <T extends dev.steward.audit.AuditEntry> java.util.List<T> entries(Class<T> kind)
      throws Exception {
    return entries().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  String[] auth() {
    return new String[] {"Authorization", "Bearer " + key, "Content-Type", "application/json"};
  }

  static String yaml(URI upstream) {
    return yaml(upstream, "");
  }

  static String yaml(URI upstream, String moreCourtsUseCases) {
    return """
        server:
          host: 127.0.0.1
          port: 0
          max-body-bytes: 64KiB
          shutdown-grace: 5s
          admin-key: {env: TEST_ADMIN_KEY}
        sandbox: allowed
        providers:
          sandbox:
            protocol: sandbox
            residency: UK
            max-classification: SECRET
            sovereign: true
            models:
              sim-refuser: {behaviour: refuse}
          pool:
            protocol: sandbox
            residency: UK
            max-classification: SECRET
            sovereign: true
            capacity: {max-concurrency: 1, max-queue: 0, queue-timeout: 1s, gpu-hour-gbp: 3600, gpus: 2}
          flaky:
            protocol: openai
            base-uri: %1$s/v1
            api-key: {env: TEST_UPSTREAM_KEY}
            residency: US
            max-classification: OFFICIAL
            timeouts: {connect: 1s, first-byte: 3s, idle: 2s, total: 10s}
          backup:
            protocol: openai-compatible
            base-uri: %1$s/backup/v1
            residency: UK
            max-classification: OFFICIAL
            timeouts: {connect: 1s, first-byte: 3s, idle: 2s, total: 10s}
        models:
          sandbox-chat:
            routes:
              - {provider: sandbox, model: sim-1}
          sandbox-refuser:
            routes:
              - {provider: sandbox, model: sim-refuser}
          pooled:
            routes:
              - {provider: pool, model: sim-pooled}
            retry: {max-attempts: 1}
          sandbox-embed:
            kind: embedding
            routes:
              - {provider: sandbox, model: sim-embed}
          relay:
            routes:
              - {provider: flaky, model: gpt-x}
              - {provider: backup, model: local-x, priority: 1}
            retry: {max-attempts: 2, initial-backoff: 1ms, max-backoff: 5ms}
            circuit-breaker: {failure-threshold: 50, open-for: 1s}
          not-for-courts:
            routes:
              - {provider: sandbox, model: sim-1}
        prices:
          flaky/gpt-x: {input: 2.00, output: 8.00, cached-input: 1.00}
        departments:
          justice:
            name: Ministry of Justice
            weight: 2
            services:
              courts:
                name: Courts
                use-cases:
                  summarise:
                    purpose: Summarise hearings
                    models: [sandbox-chat, sandbox-refuser, sandbox-embed, relay, pooled]
                  uk-only:
                    purpose: Summarise hearings, in the UK only
                    models: [relay, sandbox-chat]
                    residency: [UK]
                    classification: {unlabelled: refuse}
        %2$s
          education:
            name: Department for Education
            services:
              schools:
                name: Schools
                use-cases:
                  feedback:
                    purpose: Draft feedback
                    models: [not-for-courts]
        """
        .formatted(upstream, moreCourtsUseCases);
  }

  @Override
  public void close() {
    server.close();
    storage.close();
    upstream.close();
  }

  /** Polls {@code probe} until it has a value, for at most 5 s. */
  static <T> T eventually(Supplier<Optional<T>> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("condition not met within 5 s");
  }
}
