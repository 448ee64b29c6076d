package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steward.config.ConfigLoader;
import dev.steward.config.Price;
import dev.steward.config.StewardConfig;
import dev.steward.policy.Amount;
import dev.steward.policy.BudgetBook.Period;
import dev.steward.policy.BudgetScope;
import dev.steward.policy.WorstCase;
import dev.steward.store.ApiKeys;
import dev.steward.store.H2Storage;
import dev.steward.store.LedgerTotals;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets end to end: 64 requests at once against a service budget that fits ten worst cases. An
 * upstream that holds every answer until released shows that exactly ten reach it — reservations
 * never overshoot, whatever the interleaving — and the rest are refused with {@code
 * budget.exceeded} and {@code Retry-After}; once answered, the book's spend equals the ledger's,
 * also after a restart.
 */
class BudgetIT {
  private static final String BODY =
      "{\"model\":\"held\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
  private static final String ANSWER =
      """
      {"id":"c1","object":"chat.completion","created":1700000000,"model":"held-1",
       "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":20,"completion_tokens":30,"total_tokens":50}}
      """;
  private static final Price PRICE =
      new Price(BigDecimal.valueOf(1000), BigDecimal.valueOf(1000), BigDecimal.valueOf(1000));
  private static final BudgetScope SERVICE = BudgetScope.service("justice", "courts");
  private static final BudgetScope DEPARTMENT = BudgetScope.department("justice");

  @TempDir Path dir;

  @Test
  void parallelRequests_neverReserveMoreThanTheBudget_andSpendMatchesTheLedger() throws Exception {
    Amount worst =
        WorstCase.of(BODY.getBytes(StandardCharsets.UTF_8).length, 100, 1, List.of(PRICE));
    // Room for ten worst cases and a half: the eleventh never fits while ten are held.
    BigDecimal budget = worst.gbp().multiply(new BigDecimal("10.5")).setScale(6, RoundingMode.DOWN);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger arrived = new AtomicInteger();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    upstream.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          arrived.incrementAndGet();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    upstream.start();
    Path file = dir.resolve("steward.yaml");
    Files.writeString(
        file, yaml(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()), budget));
    StewardConfig config = ConfigLoader.load(file, Map.of());
    Storage storage = H2Storage.open(dir.resolve("data"));
    StewardServer server = start(config, storage);
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
    try {
      NewApiKey key =
          ApiKeys.create(Principal.of("justice", "courts", "summarise"), "t", "t", Instant.now());
      storage.keys().insert(key.record());
      HttpRequest request =
          HttpRequest.newBuilder(server.baseUri().resolve("/v1/chat/completions"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + key.plaintext())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(BODY))
              .build();

      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      // Every request has either reached the upstream (and is held there) or been refused.
      awaitCondition(
          () -> arrived.get() + calls.stream().filter(CompletableFuture::isDone).count() >= 64);

      assertThat(arrived.get()).isEqualTo(10);
      assertThat(BigDecimal.valueOf(arrived.get()).multiply(worst.gbp()))
          .isLessThanOrEqualTo(budget);
      assertThat(server.budgets().reserved(SERVICE, Period.DAY).gbp())
          .isEqualByComparingTo(worst.gbp().multiply(BigDecimal.TEN));
      List<HttpResponse<String>> refused =
          calls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
      assertThat(refused).hasSize(54);
      assertThat(refused)
          .allSatisfy(
              r -> {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.headers().firstValue("X-Steward-Reason")).contains("budget.exceeded");
                assertThat(r.headers().firstValue("Retry-After").map(Long::parseLong))
                    .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 86_400L));
                assertThat(r.body())
                    .contains("insufficient_quota")
                    .contains("service 'justice/courts' gbp-per-day " + budget.toPlainString());
              });

      release.countDown();
      List<HttpResponse<String>> all = calls.stream().map(CompletableFuture::join).toList();
      assertThat(all.stream().filter(r -> r.statusCode() == 200)).hasSize(10);

      // Settled (once each answer has been written) to the actual usage: 50 tokens at £1000 per
      // million each.
      StewardServer running = server;
      awaitCondition(() -> running.budgets().reserved(SERVICE, Period.DAY).tokens() == 0);
      assertThat(running.budgets().reserved(SERVICE, Period.DAY).gbp()).isEqualByComparingTo("0");
      Amount spent = server.budgets().spent(SERVICE, Period.DAY);
      assertThat(spent.gbp()).isEqualByComparingTo("0.5");
      assertThat(spent.tokens()).isEqualTo(500);
      assertThat(spent.gbp()).isLessThanOrEqualTo(budget);
      // Settlement gave back what the ten did not use: another request fits.
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);

      Instant from = Period.DAY.startOf(Instant.now());
      awaitCondition(
          () ->
              storage.ledger().totals(from, Instant.now().plusSeconds(1), "justice").requests()
                  == 65);
      LedgerTotals ledger = storage.ledger().totals(from, Instant.now().plusSeconds(1), "justice");
      Amount after = server.budgets().spent(SERVICE, Period.DAY);
      assertThat(ledger.costGbp()).isEqualByComparingTo(after.gbp()).isLessThanOrEqualTo(budget);
      assertThat(ledger.inputTokens() + ledger.outputTokens()).isEqualTo(after.tokens());

      server.close();
      server = start(config, storage);
      assertThat(server.budgets().spent(SERVICE, Period.DAY).gbp())
          .isEqualByComparingTo(after.gbp());
      assertThat(server.budgets().spent(DEPARTMENT, Period.MONTH).tokens())
          .isEqualTo(after.tokens());
    } finally {
      server.close();
      storage.close();
      upstream.stop(0);
      http.close();
    }
  }

  private StewardServer start(StewardConfig config, Storage storage) {
    return StewardServer.start(
        config,
        storage,
        Map.of(),
        InstantSource.system(),
        0,
        TransparencyLogs.open(config.transparencyLog(), dir.resolve("data"), Map.of()));
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20s");
      }
      Thread.onSpinWait();
      Thread.sleep(5);
    }
  }

  private static String yaml(URI upstream, BigDecimal budget) {
    return """
        server:
          host: 127.0.0.1
          port: 0
          shutdown-grace: 5s
        providers:
          held:
            protocol: openai-compatible
            base-uri: %1$s/v1
            residency: UK
            max-classification: OFFICIAL
            timeouts: {connect: 2s, first-byte: 30s, idle: 30s, total: 60s}
        models:
          held:
            routes:
              - {provider: held, model: held-1}
            retry: {max-attempts: 1}
        prices:
          held/held-1: {input: 1000, output: 1000}
        departments:
          justice:
            name: Ministry of Justice
            budget: {gbp-per-month: 1000, tokens-per-month: 1000000}
            services:
              courts:
                name: Courts
                budget: {gbp-per-day: %2$s}
                use-cases:
                  summarise:
                    purpose: Summarise hearings
        """
        .formatted(upstream, budget.toPlainString());
  }
}
