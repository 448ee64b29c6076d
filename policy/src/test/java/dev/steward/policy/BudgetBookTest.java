package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Budget;
import dev.steward.policy.BudgetBook.Period;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BudgetBookTest {
  private static final BudgetScope DEPT = BudgetScope.department("justice");
  private static final BudgetScope SERVICE = BudgetScope.service("justice", "courts");
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-27T23:59:00Z"));
  private final InstantSource clock = () -> now.get();

  private static Amount gbp(String gbp) {
    return Amount.of(new BigDecimal(gbp), 0);
  }

  private static Budget perDay(String gbp) {
    return new Budget(new BigDecimal(gbp), null, null, null);
  }

  @Test
  void reserve_isAllOrNothing_acrossScopes() {
    BudgetBook book = BudgetBook.create(Map.of(DEPT, perDay("10"), SERVICE, perDay("1")), clock);
    assertThat(book.reserve(List.of(DEPT, SERVICE), gbp("0.6")))
        .isInstanceOf(BudgetBook.Reservation.class);

    BudgetBook.Outcome second = book.reserve(List.of(DEPT, SERVICE), gbp("0.6"));

    assertThat(second).isInstanceOf(BudgetBook.Exceeded.class);
    BudgetBook.Exceeded exceeded = (BudgetBook.Exceeded) second;
    assertThat(exceeded.scope()).isEqualTo(SERVICE);
    assertThat(exceeded.limit()).isEqualTo("gbp-per-day 1");
    assertThat(exceeded.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(exceeded.message()).contains("service 'justice/courts' gbp-per-day 1");
    // The department kept only the first reservation.
    assertThat(book.reserved(DEPT, Period.DAY).gbp()).isEqualByComparingTo("0.6");
  }

  @Test
  void keyBudgets_areAddedAsKeysAreSeen_andEachKeyHasItsOwn() {
    BudgetBook book = BudgetBook.create(Map.of(DEPT, perDay("10")), clock);
    BudgetScope alice = BudgetScope.key("justice", "courts", "k_alice");
    BudgetScope bob = BudgetScope.key("justice", "courts", "k_bob");
    book.limitKey(alice, perDay("1"));
    book.limitKey(bob, perDay("1"));
    book.limitKey(alice, perDay("100"));
    assertThat(book.reserve(List.of(DEPT, alice), gbp("0.8")))
        .isInstanceOf(BudgetBook.Reservation.class);
    assertThat(book.reserve(List.of(DEPT, alice), gbp("0.3")))
        .as("the first budget given to a key stays")
        .isInstanceOfSatisfying(
            BudgetBook.Exceeded.class,
            e -> assertThat(e.message()).contains("key 'k_alice' gbp-per-day 1"));
    assertThat(book.reserve(List.of(DEPT, bob), gbp("0.8")))
        .as("another key of the same service has its own budget")
        .isInstanceOf(BudgetBook.Reservation.class);
    assertThat(book.reserved(DEPT, Period.DAY).gbp()).isEqualByComparingTo("1.6");
    assertThatThrownBy(() -> book.limitKey(SERVICE, perDay("1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settle_replacesTheReservationByTheActualAmount_andReleaseGivesItBack() {
    BudgetBook book =
        BudgetBook.create(Map.of(DEPT, new Budget(null, new BigDecimal("5"), null, 1000L)), clock);
    var a = (BudgetBook.Reservation) book.reserve(List.of(DEPT), Amount.of(BigDecimal.ONE, 300));
    var b = (BudgetBook.Reservation) book.reserve(List.of(DEPT), Amount.of(BigDecimal.ONE, 300));
    assertThat(book.reserve(List.of(DEPT), Amount.of(BigDecimal.ONE, 500)))
        .isInstanceOfSatisfying(
            BudgetBook.Exceeded.class,
            e -> {
              assertThat(e.limit()).isEqualTo("tokens-per-month 1000");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofDays(3).plusMinutes(1));
            });

    book.settle(a, Amount.of(new BigDecimal("0.25"), 120));
    book.release(b);

    assertThat(book.spent(DEPT, Period.MONTH)).isEqualTo(Amount.of(new BigDecimal("0.25"), 120));
    assertThat(book.reserved(DEPT, Period.MONTH).gbp()).isEqualByComparingTo("0");
    assertThat(book.reserved(DEPT, Period.MONTH).tokens()).isZero();
    assertThatThrownBy(() -> book.release(a)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void newDay_startsFromZero_andLateSettlementsStayInTheirDay() {
    BudgetBook book = BudgetBook.create(Map.of(DEPT, perDay("1")), clock);
    book.load(DEPT, Period.DAY, gbp("0.5"));
    var late = (BudgetBook.Reservation) book.reserve(List.of(DEPT), gbp("0.5"));
    assertThat(book.reserve(List.of(DEPT), gbp("0.01"))).isInstanceOf(BudgetBook.Exceeded.class);

    now.set(Instant.parse("2026-11-28T00:00:00Z"));
    book.settle(late, gbp("0.4"));

    assertThat(book.spent(DEPT, Period.DAY).gbp()).isEqualByComparingTo("0");
    assertThat(book.reserve(List.of(DEPT), gbp("1"))).isInstanceOf(BudgetBook.Reservation.class);
  }

  @Test
  void scopesWithoutBudget_reserveNothing() {
    BudgetBook book = BudgetBook.create(Map.of(DEPT, Budget.NONE), clock);
    assertThat(book.isEmpty()).isTrue();
    assertThat(book.reserve(List.of(DEPT, SERVICE), gbp("1000")))
        .isInstanceOfSatisfying(
            BudgetBook.Reservation.class, r -> assertThat(r.holdsAnything()).isFalse());
  }

  @Test
  void aRequestLargerThanTheWholeLimit_isRefused() {
    BudgetBook book = BudgetBook.create(Map.of(DEPT, perDay("1")), clock);
    assertThat(book.reserve(List.of(DEPT), gbp("1.01"))).isInstanceOf(BudgetBook.Exceeded.class);
    assertThat(book.reserve(List.of(DEPT), gbp("1"))).isInstanceOf(BudgetBook.Reservation.class);
  }
}
