package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final Deadlines deadlines = new Deadlines(Duration.ofSeconds(10), now::get);

  @Test
  void sweep_failsOnlyFuturesPastTheirDeadline_andDropsCompletedOnes() throws Exception {
    CompletableFuture<Long> first = deadlines.watch(new CompletableFuture<>());
    CompletableFuture<Long> acknowledged = deadlines.watch(new CompletableFuture<>());
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    CompletableFuture<Long> later = deadlines.watch(new CompletableFuture<>());
    acknowledged.complete(7L);

    assertThat(deadlines.sweep()).isZero();
    assertThat(first).isNotDone();

    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(deadlines.sweep()).isEqualTo(1);
    assertThat(first).isCompletedExceptionally();
    try {
      first.get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TimeoutException.class);
    }
    assertThat(acknowledged.get()).isEqualTo(7L);
    assertThat(later).isNotDone();
    assertThat(deadlines.size()).isEqualTo(1);

    later.complete(9L);
    assertThat(deadlines.sweep()).isZero();
    assertThat(later.get()).isEqualTo(9L);
    assertThat(deadlines.size()).isZero();
  }

  @Test
  void watch_ignoresFuturesAlreadyDone_andALateCompletionChangesNothing() {
    deadlines.watch(CompletableFuture.completedFuture(1L));
    assertThat(deadlines.size()).isZero();

    CompletableFuture<Long> slow = deadlines.watch(new CompletableFuture<>());
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(deadlines.sweep()).isEqualTo(1);
    assertThat(slow.complete(3L)).isFalse();
    assertThat(slow).isCompletedExceptionally();
  }
}
