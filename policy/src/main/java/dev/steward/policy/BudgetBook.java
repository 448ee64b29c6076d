package dev.steward.policy;

import dev.steward.config.Budget;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What each budgeted scope has spent and has reserved in the current UTC day and month, and the
 * reservations that keep concurrent requests within the limits.
 *
 * <p>A request {@linkplain #reserve reserves} its {@linkplain WorstCase worst case} against every
 * budget of its scopes at once, all or nothing, before its upstream call; once it has been answered
 * the reservation is {@linkplain #settle settled} to the actual amount, or {@linkplain #release
 * released} when nothing was used. While every actual amount is at most its reservation, spent plus
 * reserved never exceeds a limit, however many requests run at once.
 *
 * <p>One lock guards every counter: a reservation touches at most two scopes and four counters, so
 * the critical section is a handful of additions. Safe for concurrent use.
 */
public final class BudgetBook {

  /** A budget period: a UTC calendar day or month. */
  public enum Period {
    DAY("day"),
    MONTH("month");

    private final String label;

    Period(String label) {
      this.label = label;
    }

    /** The first day of the period that holds {@code day}. */
    LocalDate start(LocalDate day) {
      return this == DAY ? day : day.withDayOfMonth(1);
    }

    /** The first day of the next period after the one starting on {@code start}. */
    LocalDate next(LocalDate start) {
      return this == DAY ? start.plusDays(1) : start.plusMonths(1);
    }

    /** Where the period that holds {@code at} begins. */
    public Instant startOf(Instant at) {
      return start(day(at)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Where the period that holds {@code at} ends (exclusive): the next period's start. */
    public Instant endOf(Instant at) {
      return next(start(day(at))).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** What {@link #reserve} decides. */
  public sealed interface Outcome permits Reservation, Exceeded {}

  /** Amounts held against budgets until settled or released, once. */
  public static final class Reservation implements Outcome {
    private final Amount amount;
    private final List<Counter> counters;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private Reservation(Amount amount, List<Counter> counters) {
      this.amount = amount;
      this.counters = counters;
    }

    /** The amount held. */
    public Amount amount() {
      return amount;
    }

    /** Whether any budget holds it (false when none of the request's scopes has a budget). */
    public boolean holdsAnything() {
      return !counters.isEmpty();
    }
  }

  /**
   * The request would take a budget past its limit; nothing was reserved.
   *
   * @param scope whose budget
   * @param period which period's limit
   * @param limit the limit's key and value, e.g. {@code gbp-per-day 50}
   * @param retryAfter how long until the period ends and the budget resets
   */
  public record Exceeded(BudgetScope scope, Period period, String limit, Duration retryAfter)
      implements Outcome {
    public Exceeded {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** A message safe to return to the caller. */
    public String message() {
      return "budget exceeded: "
          + scope
          + " "
          + limit
          + " (this "
          + period
          + " is spent or reserved; it resets in "
          + Math.max(1, retryAfter.toSeconds())
          + "s)";
    }
  }

  /** Every budget; API keys' are added as keys are first seen ({@link #limitKey}). */
  private final Map<BudgetScope, Budget> limits;

  private final InstantSource clock;
  private final Object lock = new Object();

  /** The counter of each scope and period, for the period current when last touched. */
  private final Map<Slot, Counter> counters = new HashMap<>();

  private BudgetBook(Map<BudgetScope, Budget> limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /**
   * A book of these budgets, empty ones left out, with nothing spent yet ({@link #load} what was).
   */
  public static BudgetBook create(Map<BudgetScope, Budget> budgets, InstantSource clock) {
    Map<BudgetScope, Budget> limits = new LinkedHashMap<>();
    budgets.forEach(
        (scope, budget) -> {
          if (!budget.isEmpty()) {
            limits.put(scope, budget);
          }
        });
    return new BudgetBook(
        new java.util.concurrent.ConcurrentHashMap<>(limits),
        Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Gives an API key's scope its budget, if it has none yet (the budget of a key is its use case's
   * {@code budget-per-key}). Empty budgets are ignored.
   *
   * @throws IllegalArgumentException if {@code scope} is not a key's
   */
  public void limitKey(BudgetScope scope, Budget budget) {
    if (!scope.isKey()) {
      throw new IllegalArgumentException("scope: " + scope + " (expected: an API key's scope)");
    }
    if (!budget.isEmpty()) {
      limits.putIfAbsent(scope, budget);
    }
  }

  /** The scopes that have a budget. */
  public java.util.Set<BudgetScope> scopes() {
    return java.util.Set.copyOf(limits.keySet());
  }

  /** Whether no scope has a budget. */
  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /**
   * Adds what {@code scope} spent in the current {@code period} before this book existed, from the
   * ledger, so that a restart does not reset budgets. Call before serving.
   */
  public void load(BudgetScope scope, Period period, Amount spent) {
    synchronized (lock) {
      Counter c = counter(scope, period, today());
      c.spentGbp = c.spentGbp.add(spent.gbp());
      c.spentTokens = Amount.saturatedAdd(c.spentTokens, spent.tokens());
    }
  }

  /**
   * Reserves {@code amount} against every budget of {@code scopes} in the current day and month, or
   * none of them if any would go past its limit. Scopes without a budget are skipped.
   */
  public Outcome reserve(Collection<BudgetScope> scopes, Amount amount) {
    Objects.requireNonNull(amount, "amount");
    Instant now = clock.instant();
    LocalDate today = day(now);
    synchronized (lock) {
      List<Counter> held = new ArrayList<>(4);
      for (BudgetScope scope : scopes) {
        Budget budget = limits.get(scope);
        if (budget == null) {
          continue;
        }
        for (Period period : Period.values()) {
          BigDecimal gbpLimit = period == Period.DAY ? budget.gbpPerDay() : budget.gbpPerMonth();
          Long tokenLimit = period == Period.DAY ? budget.tokensPerDay() : budget.tokensPerMonth();
          if (gbpLimit == null && tokenLimit == null) {
            continue;
          }
          Counter c = counter(scope, period, today);
          String over = c.over(gbpLimit, tokenLimit, amount, period);
          if (over != null) {
            return new Exceeded(scope, period, over, Duration.between(now, period.endOf(now)));
          }
          held.add(c);
        }
      }
      for (Counter c : held) {
        c.reservedGbp = c.reservedGbp.add(amount.gbp());
        c.reservedTokens = Amount.saturatedAdd(c.reservedTokens, amount.tokens());
      }
      return new Reservation(amount, List.copyOf(held));
    }
  }

  /**
   * Replaces the reservation by what the request actually used, in the periods it was reserved in.
   *
   * @throws IllegalStateException if it was already settled or released
   */
  public void settle(Reservation reservation, Amount actual) {
    Objects.requireNonNull(actual, "actual");
    close(reservation, "settled");
    synchronized (lock) {
      for (Counter c : reservation.counters) {
        c.unreserve(reservation.amount);
        c.spentGbp = c.spentGbp.add(actual.gbp());
        c.spentTokens = Amount.saturatedAdd(c.spentTokens, actual.tokens());
      }
    }
  }

  /**
   * Gives the reservation back: the request used nothing.
   *
   * @throws IllegalStateException if it was already settled or released
   */
  public void release(Reservation reservation) {
    close(reservation, "released");
    synchronized (lock) {
      for (Counter c : reservation.counters) {
        c.unreserve(reservation.amount);
      }
    }
  }

  /** What {@code scope} has spent in the current {@code period}. */
  public Amount spent(BudgetScope scope, Period period) {
    synchronized (lock) {
      Counter c = counter(scope, period, today());
      return new Amount(c.spentGbp, c.spentTokens);
    }
  }

  /** What {@code scope} holds reserved in the current {@code period}. */
  public Amount reserved(BudgetScope scope, Period period) {
    synchronized (lock) {
      Counter c = counter(scope, period, today());
      return new Amount(c.reservedGbp, c.reservedTokens);
    }
  }

  /** Spent plus reserved, read at once (for invariant checks). */
  Amount used(BudgetScope scope, Period period) {
    synchronized (lock) {
      Counter c = counter(scope, period, today());
      return new Amount(
          c.spentGbp.add(c.reservedGbp), Amount.saturatedAdd(c.spentTokens, c.reservedTokens));
    }
  }

  private static void close(Reservation reservation, String how) {
    if (!reservation.open.compareAndSet(true, false)) {
      throw new IllegalStateException(
          "reservation: already closed (expected: open, to be " + how + ")");
    }
  }

  private LocalDate today() {
    return day(clock.instant());
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** The counter of the period holding {@code today}; a new period starts from zero. */
  private Counter counter(BudgetScope scope, Period period, LocalDate today) {
    LocalDate start = period.start(today);
    Slot slot = new Slot(scope, period);
    Counter c = counters.get(slot);
    if (c == null || !c.start.equals(start)) {
      // Reservations of the past period still hold their counter and settle into it; the new
      // period owes them nothing.
      c = new Counter(start);
      counters.put(slot, c);
    }
    return c;
  }

  private record Slot(BudgetScope scope, Period period) {}

  /** Spent and reserved in one scope's period; guarded by the book's lock. */
  private static final class Counter {
    final LocalDate start;
    BigDecimal spentGbp = BigDecimal.ZERO;
    BigDecimal reservedGbp = BigDecimal.ZERO;
    long spentTokens;
    long reservedTokens;

    Counter(LocalDate start) {
      this.start = start;
    }

    /** The limit {@code amount} would pass, e.g. {@code gbp-per-day 50}, or null. */
    @Nullable String over(
        @Nullable BigDecimal gbpLimit, @Nullable Long tokenLimit, Amount amount, Period period) {
      if (gbpLimit != null && spentGbp.add(reservedGbp).add(amount.gbp()).compareTo(gbpLimit) > 0) {
        return "gbp-per-" + period + " " + gbpLimit.toPlainString();
      }
      if (tokenLimit != null
          && Amount.saturatedAdd(Amount.saturatedAdd(spentTokens, reservedTokens), amount.tokens())
              > tokenLimit) {
        return "tokens-per-" + period + " " + tokenLimit;
      }
      return null;
    }

    void unreserve(Amount amount) {
      reservedGbp = reservedGbp.subtract(amount.gbp());
      reservedTokens -= amount.tokens();
    }
  }
}
