package dev.steward.server;

import dev.steward.config.Budget;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.Price;
import dev.steward.config.RouteConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.Usage;
import dev.steward.policy.Amount;
import dev.steward.policy.BudgetBook;
import dev.steward.policy.BudgetBook.Period;
import dev.steward.policy.BudgetScope;
import dev.steward.policy.WorstCase;
import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import dev.steward.store.LedgerTotals;
import dev.steward.store.Principal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserves the request's worst-case cost and tokens against the budgets of its department and
 * service before any upstream call, or refuses it ({@code budget.exceeded}, 429, with {@code
 * Retry-After}); once the answer has ended, settles the reservation to the usage the provider
 * reported, priced at the route that answered — exactly what the ledger row records — or releases
 * it when no route answered.
 */
final class BudgetStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(BudgetStage.class);

  private final StewardConfig config;
  private final BudgetBook book;
  private final boolean keyBudgets;

  BudgetStage(StewardConfig config, BudgetBook book) {
    this.config = config;
    this.book = book;
    this.keyBudgets = hasKeyBudgets(config);
  }

  /** Whether some use case gives its keys budgets of their own. */
  private static boolean hasKeyBudgets(StewardConfig config) {
    return config.useCases().stream().anyMatch(u -> !u.budgetPerKey().isEmpty());
  }

  @Override
  public String name() {
    return "budget";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    if (book.isEmpty() && !keyBudgets) {
      return next.proceed(ex);
    }
    Principal principal = ex.requirePrincipal();
    ModelConfig model = ex.model();
    if (model == null) {
      throw new IllegalStateException("budget stage reached without a model");
    }
    Amount worst = worstCase(ex, model);
    List<BudgetScope> scopes = new ArrayList<>(3);
    scopes.add(BudgetScope.department(principal.department()));
    scopes.add(BudgetScope.service(principal.department(), principal.service()));
    Budget perKey = ex.requireUseCase().budgetPerKey();
    if (!perKey.isEmpty()) {
      BudgetScope key = BudgetScope.key(principal.department(), principal.service(), ex.keyId());
      book.limitKey(key, perKey);
      scopes.add(key);
    }
    return switch (book.reserve(scopes, worst)) {
      case BudgetBook.Exceeded e ->
          throw new StewardException(
              ErrorCode.BUDGET_EXCEEDED, e.message(), null, e.retryAfter(), null);
      case BudgetBook.Reservation r -> {
        if (r.holdsAnything()) {
          ex.onComplete(() -> settle(ex, r));
        }
        yield next.proceed(ex);
      }
    };
  }

  private void settle(Exchange ex, BudgetBook.Reservation reservation) {
    RouteConfig route = ex.route();
    Usage usage = ex.usage();
    if (route == null || usage.equals(Usage.ZERO)) {
      book.release(reservation);
      return;
    }
    book.settle(reservation, actual(config.price(route.id()), usage));
  }

  /** What the exchange cost, as its ledger row records it. */
  static Amount actual(Price price, Usage usage) {
    return Amount.of(Costs.of(price, usage), usage.inputTokens() + usage.outputTokens());
  }

  /** The request's worst case, at the dearest route policy allows. */
  private Amount worstCase(Exchange ex, ModelConfig model) {
    Set<String> eligible = ex.eligibleRoutes();
    List<Price> prices = new ArrayList<>();
    for (RouteConfig route : model.routes()) {
      if (eligible == null || eligible.contains(route.id())) {
        prices.add(config.price(route.id()));
      }
    }
    ChatRequest chat = ex.chat();
    if (chat == null) {
      return WorstCase.of(ex.bodyLength(), 0, 1, prices);
    }
    Integer maxTokens = chat.maxTokens();
    return WorstCase.of(
        ex.bodyLength(),
        maxTokens == null ? model.maxOutputTokens() : maxTokens,
        Math.max(1, chat.n()),
        prices);
  }

  /**
   * A book of every configured budget, loaded with what the ledger holds for the current day and
   * month, so a restart does not reset budgets. Departments are summed by the ledger; services and
   * API keys are summed from its latest rows, which cover the month unless it holds more than
   * {@link LedgerStorage#MAX_RECENT} rows (a warning says so).
   */
  static BudgetBook book(StewardConfig config, LedgerStorage ledger, InstantSource clock) {
    Map<BudgetScope, Budget> budgets = new LinkedHashMap<>();
    for (DepartmentConfig d : config.departments().values()) {
      budgets.put(BudgetScope.department(d.id()), d.budget());
      for (ServiceConfig s : d.services().values()) {
        budgets.put(BudgetScope.service(d.id(), s.id()), s.budget());
      }
    }
    boolean keyBudgets = hasKeyBudgets(config);
    BudgetBook book = BudgetBook.create(budgets, clock);
    if (book.isEmpty() && !keyBudgets) {
      return book;
    }
    Instant now = clock.instant();
    List<LedgerRow> recent = null;
    for (BudgetScope scope : book.scopes()) {
      for (Period period : Period.values()) {
        Instant from = period.startOf(now);
        if (scope.isDepartment()) {
          LedgerTotals t = ledger.totals(from, now.plusSeconds(1), scope.department());
          book.load(scope, period, Amount.of(t.costGbp(), t.inputTokens() + t.outputTokens()));
          continue;
        }
        if (recent == null) {
          recent = recent(ledger, now);
        }
        book.load(scope, period, spent(recent, scope, from));
      }
    }
    if (keyBudgets) {
      loadKeys(config, book, recent == null ? recent(ledger, now) : recent, now);
    }
    return book;
  }

  /** The ledger's latest rows, which cover the month unless it holds more (a warning says so). */
  private static List<LedgerRow> recent(LedgerStorage ledger, Instant now) {
    List<LedgerRow> recent = ledger.recent(LedgerStorage.MAX_RECENT);
    if (recent.size() == LedgerStorage.MAX_RECENT
        && !recent.getLast().at().isBefore(Period.MONTH.startOf(now))) {
      LOG.warn(
          "service and key budgets: more than {} ledger rows this month; what services and keys"
              + " spent before this start is undercounted",
          LedgerStorage.MAX_RECENT);
    }
    return recent;
  }

  /** Gives each key seen in the ledger this month its use case's budget and what it spent. */
  private static void loadKeys(
      StewardConfig config, BudgetBook book, List<LedgerRow> rows, Instant now) {
    Instant month = Period.MONTH.startOf(now);
    Map<BudgetScope, List<LedgerRow>> byKey = new LinkedHashMap<>();
    for (LedgerRow row : rows) {
      Principal p = row.principal();
      String keyId = row.keyId();
      if (keyId == null || row.at().isBefore(month)) {
        continue;
      }
      Budget perKey =
          config
              .useCase(p.department(), p.service(), p.useCase())
              .map(u -> u.budgetPerKey())
              .orElse(Budget.NONE);
      if (perKey.isEmpty()) {
        continue;
      }
      BudgetScope scope = BudgetScope.key(p.department(), p.service(), keyId);
      book.limitKey(scope, perKey);
      byKey.computeIfAbsent(scope, k -> new ArrayList<>()).add(row);
    }
    byKey.forEach(
        (scope, keyRows) -> {
          for (Period period : Period.values()) {
            book.load(scope, period, spent(keyRows, scope, period.startOf(now)));
          }
        });
  }

  private static Amount spent(List<LedgerRow> rows, BudgetScope scope, Instant from) {
    BigDecimal gbp = BigDecimal.ZERO;
    long tokens = 0;
    for (LedgerRow row : rows) {
      if (row.at().isBefore(from)
          || !row.principal().department().equals(scope.department())
          || !row.principal().service().equals(scope.service())
          || (scope.isKey() && !scope.key().equals(row.keyId()))) {
        continue;
      }
      gbp = gbp.add(row.costGbp());
      tokens += row.inputTokens() + row.outputTokens();
    }
    return Amount.of(gbp, tokens);
  }
}
