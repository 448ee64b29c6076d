package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Budget;
import dev.steward.config.ConfigLoader;
import dev.steward.config.ModelConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.Usage;
import dev.steward.policy.Amount;
import dev.steward.policy.BudgetBook;
import dev.steward.policy.BudgetBook.Period;
import dev.steward.policy.BudgetScope;
import dev.steward.store.H2Storage;
import dev.steward.store.LedgerRow;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetStageTest {
  private static final StewardConfig CONFIG =
      ConfigLoader.parse(
          """
          sandbox: allowed
          providers:
            cheap: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
            dear: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
          models:
            chat:
              max-output-tokens: 1000
              routes:
                - {provider: cheap, model: a}
                - {provider: dear, model: b}
          prices:
            cheap/a: {input: 1, output: 1}
            dear/b: {input: 100, output: 100}
          departments:
            d:
              name: D
              services:
                s:
                  name: S
                  budget: {gbp-per-day: 1}
                  use-cases:
                    u: {purpose: P}
                    capped:
                      purpose: P
                      budget-per-key: {tokens-per-day: 300}
          """,
          Path.of("steward.yaml"),
          Map.of());
  private static final BudgetScope SERVICE = BudgetScope.service("d", "s");

  private final BudgetBook book =
      BudgetBook.create(
          Map.of(SERVICE, new Budget(BigDecimal.ONE, null, null, null)), InstantSource.system());
  private final BudgetStage stage = new BudgetStage(CONFIG, book);

  private static Exchange exchange(
      int bodyBytes, @Nullable Integer maxTokens, Set<String> eligible) {
    ModelConfig model = CONFIG.model("chat").orElseThrow();
    Exchange ex =
        new Exchange(
            "req_1",
            Api.OPENAI,
            Endpoint.CHAT,
            0,
            Map.<String, String>of()::get,
            new byte[bodyBytes],
            (b, e) -> {});
    ex.principal(Principal.of("d", "s", "u"));
    ex.useCase(CONFIG.useCase("d", "s", "u").orElseThrow());
    ex.model(model);
    ex.chat(
        ChatRequest.builder("chat")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .maxTokens(maxTokens)
            .n(2)
            .build());
    ex.eligibleRoutes(eligible);
    return ex;
  }

  private Amount reservedWhileRunning(Exchange ex) {
    Amount[] seen = new Amount[1];
    stage.handle(
        ex,
        e -> {
          seen[0] = book.reserved(SERVICE, Period.DAY);
          return CompletableFuture.completedFuture(
              new Reply.Failure(new StewardException(ErrorCode.INTERNAL, "x")));
        });
    return seen[0];
  }

  @Test
  void reservesTheWorstCase_atTheDearestEligibleRoute_withTheModelsMaxOutputTokens() {
    // 100 bytes in, 2 choices × 1000 tokens out, at £100 per million.
    Amount all = reservedWhileRunning(exchange(100, null, Set.of("cheap/a", "dear/b")));
    assertThat(all.tokens()).isEqualTo(2_100);
    assertThat(all.gbp()).isEqualByComparingTo("0.21");
  }

  @Test
  void policyRestrictedRoutes_arePricedOnly() {
    Exchange ex = exchange(100, 50, Set.of("cheap/a"));
    Amount cheap = reservedWhileRunning(ex);
    assertThat(cheap.tokens()).isEqualTo(200);
    assertThat(cheap.gbp()).isEqualByComparingTo("0.0002");
    ex.complete(200, "ok");
    // No route answered: released.
    assertThat(book.reserved(SERVICE, Period.DAY).tokens()).isZero();
    assertThat(book.spent(SERVICE, Period.DAY).tokens()).isZero();
  }

  @Test
  void settlesToTheUsagePricedAtTheRouteThatAnswered() {
    Exchange ex = exchange(100, 50, Set.of("cheap/a", "dear/b"));
    reservedWhileRunning(ex);
    ex.routed(CONFIG.model("chat").orElseThrow().routes().get(1), 1);
    ex.usage(new Usage(10, 20, 0));
    ex.complete(200, "ok");
    assertThat(book.reserved(SERVICE, Period.DAY).tokens()).isZero();
    assertThat(book.spent(SERVICE, Period.DAY).tokens()).isEqualTo(30);
    assertThat(book.spent(SERVICE, Period.DAY).gbp()).isEqualByComparingTo("0.003");
  }

  @Test
  void keyBudgets_capEachKeyOfTheUseCase_onItsOwn() {
    Exchange first = exchange(100, 50, Set.of("cheap/a"));
    first.principal(Principal.of("d", "s", "capped"));
    first.useCase(CONFIG.useCase("d", "s", "capped").orElseThrow());
    first.keyId("k_first");
    reservedWhileRunning(first);
    first.routed(CONFIG.model("chat").orElseThrow().routes().get(0), 1);
    first.usage(new Usage(100, 100, 0));
    first.complete(200, "ok");
    BudgetScope key = BudgetScope.key("d", "s", "k_first");
    assertThat(book.spent(key, Period.DAY).tokens()).isEqualTo(200);

    // 200 spent + a worst case of 200 is past the key's 300 tokens a day.
    Exchange again = exchange(100, 50, Set.of("cheap/a"));
    again.principal(Principal.of("d", "s", "capped"));
    again.useCase(CONFIG.useCase("d", "s", "capped").orElseThrow());
    again.keyId("k_first");
    assertThatThrownBy(
            () ->
                stage.handle(
                    again,
                    e -> {
                      throw new AssertionError("must not proceed");
                    }))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
              assertThat(e.getMessage()).contains("key 'k_first' tokens-per-day 300");
            });

    Exchange other = exchange(100, 50, Set.of("cheap/a"));
    other.principal(Principal.of("d", "s", "capped"));
    other.useCase(CONFIG.useCase("d", "s", "capped").orElseThrow());
    other.keyId("k_other");
    assertThat(reservedWhileRunning(other).tokens())
        .as("another key of the use case has its own budget")
        .isEqualTo(200);
  }

  @Test
  void keyBudgets_surviveARestart_fromTheLedger(@TempDir Path dir) {
    Instant now = Instant.now();
    Principal capped = Principal.of("d", "s", "capped");
    LedgerRow spent = ledgerRow("r1", now.minusSeconds(5), capped, "k_first", 250);
    LedgerRow other = ledgerRow("r2", now.minusSeconds(4), capped, "k_other", 10);
    LedgerRow unkeyed = ledgerRow("r3", now.minusSeconds(3), capped, null, 1000);
    BudgetBook restarted;
    try (Storage storage = H2Storage.open(dir)) {
      storage.ledger().append(List.of(unkeyed, other, spent));
      restarted = BudgetStage.book(CONFIG, storage.ledger(), InstantSource.system());
    }
    assertThat(restarted.spent(BudgetScope.key("d", "s", "k_first"), Period.DAY).tokens())
        .isEqualTo(250);
    assertThat(restarted.spent(BudgetScope.key("d", "s", "k_other"), Period.MONTH).tokens())
        .isEqualTo(10);
    assertThat(
            restarted.reserve(
                List.of(BudgetScope.key("d", "s", "k_first")), Amount.of(BigDecimal.ZERO, 100)))
        .as("250 of 300 tokens spent before the restart: 100 more does not fit")
        .isInstanceOf(BudgetBook.Exceeded.class);
  }

  private static LedgerRow ledgerRow(
      String id, Instant at, Principal principal, @Nullable String keyId, long tokens) {
    return new LedgerRow(
        id,
        at,
        principal,
        "openai",
        "chat",
        "chat",
        "cheap/a",
        "a",
        LedgerRow.OK,
        200,
        tokens,
        0,
        0,
        BigDecimal.ZERO,
        1000,
        null,
        false,
        1,
        null,
        keyId);
  }

  @Test
  void refusesWhatWouldPassTheLimit_withRetryAfter() {
    // 10000 bytes + 2 × 5000 tokens at £100 per million: £2, over the £1 a day.
    assertThatThrownBy(
            () ->
                stage.handle(
                    exchange(10_000, 5_000, Set.of("dear/b")),
                    e -> {
                      throw new AssertionError("must not proceed");
                    }))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.BUDGET_EXCEEDED);
              assertThat(e.retryAfter()).isNotNull();
              assertThat(e.getMessage()).contains("service 'd/s' gbp-per-day 1");
            });
    assertThat(book.reserved(SERVICE, Period.DAY).tokens()).isZero();
  }
}
