package dev.steward.routing;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A self-hosted provider's concurrency limit. At most {@code maxConcurrency} calls hold a permit;
 * later callers wait in a {@link FairQueue} (fair across departments by weight, FIFO within one) of
 * at most {@code maxQueue}, for at most {@code queueTimeout}. A released permit passes straight to
 * the next waiter, so a newcomer never overtakes the queue.
 *
 * <p>Nobody blocks: a waiter holds a future that the releasing thread completes (outside the lock),
 * or the {@link Timer} fails when the wait runs out. A waiter leaves the queue exactly once, either
 * granted or given up (timed out, cancelled), decided under the lock, so a waiter that timed out
 * never also holds a permit.
 *
 * <p>The pool keeps a virtual clock to share its busy time among the permits: while {@code k > 0}
 * permits are held, the clock advances at {@code 1/k} of wall time (and stands still while none
 * is). A permit's share is the clock's advance between its grant and its release, so the shares of
 * all permits add up to the time the pool was busy, and none exceeds its holder's wall time. Each
 * grant and release costs O(1): one advance of the clock, under the lock it takes anyway.
 */
final class CapacityPool {
  private final String name;
  private final Capacity capacity;
  private final RouterListener listener;
  private final Timer timer;
  private final LongSupplier nanos;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Ticket.class, "state", State.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final FairQueue<Ticket> queue;
  private int inFlight;

  /** The virtual clock, in nanoseconds: whole part, and the fraction in [0, 1). Under the lock. */
  private long virtualWhole;

  private double virtualFraction;

  /** The wall time (from {@link #nanos}) the virtual clock was last advanced to. Under the lock. */
  private long lastNanos;

  CapacityPool(
      String name,
      Capacity capacity,
      ToIntFunction<String> weightOf,
      RouterListener listener,
      Timer timer) {
    this(name, capacity, weightOf, listener, timer, System::nanoTime);
  }

  /**
   * @param nanos wall time in nanoseconds, for sharing the pool's time; only differences matter
   */
  CapacityPool(
      String name,
      Capacity capacity,
      ToIntFunction<String> weightOf,
      RouterListener listener,
      Timer timer,
      LongSupplier nanos) {
    this.name = name;
    this.capacity = capacity;
    this.listener = listener;
    this.timer = timer;
    this.nanos = nanos;
    this.queue = new FairQueue<>(weightOf);
    this.lastNanos = nanos.getAsLong();
  }

  /**
   * A permit now, or once one is released to this caller; fails with {@link ErrorCode#QUEUE_FULL}
   * at once when the queue is full, or with {@link ErrorCode#QUEUE_TIMEOUT} when no permit came
   * within {@code maxWait} (itself at most the pool's queue timeout). Cancelling the future leaves
   * the queue; a permit that reaches a cancelled waiter passes on to the next one.
   */
  @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
  CompletableFuture<Permit> acquireAsync(String department, Duration maxWait) {
    Ticket ticket = new Ticket(department);
    lock.lock();
    try {
      if (inFlight < capacity.maxConcurrency()) {
        advance();
        inFlight++;
        ticket.mark(virtualWhole, virtualFraction);
        ticket.state = State.GRANTED;
        ticket.turn.complete(ticket);
        return ticket.turn;
      }
      if (queue.size() >= capacity.maxQueue()) {
        return CompletableFuture.failedFuture(
            new StewardException(
                ErrorCode.QUEUE_FULL,
                "pool '%s': %d callers already waiting (max-queue: %d)"
                    .formatted(name, queue.size(), capacity.maxQueue())));
      }
      queue.add(department, ticket);
      listener.onQueueDepthChange(name, queue.size());
    } finally {
      lock.unlock();
    }
    Duration wait =
        maxWait.compareTo(capacity.queueTimeout()) < 0 ? maxWait : capacity.queueTimeout();
    CompletionStage<Void> timeout = timer.after(wait);
    timeout.thenRun(() -> expire(ticket, wait));
    ticket.turn.whenComplete(
        (permit, error) -> {
          if (error instanceof CancellationException) {
            giveUp(ticket);
          }
          timeout.toCompletableFuture().cancel(false);
        });
    return ticket.turn;
  }

  PoolStats stats() {
    lock.lock();
    try {
      return new PoolStats(inFlight, queue.size(), capacity.maxConcurrency(), capacity.maxQueue());
    } finally {
      lock.unlock();
    }
  }

  private void expire(Ticket ticket, Duration waited) {
    if (giveUp(ticket)) {
      ticket.turn.completeExceptionally(
          new StewardException(
              ErrorCode.QUEUE_TIMEOUT,
              "pool '%s': no capacity within %d ms (max-concurrency: %d)"
                  .formatted(name, waited.toMillis(), capacity.maxConcurrency())));
    }
  }

  /** Takes a waiting ticket out of the queue; false when it was granted or gone already. */
  private boolean giveUp(Ticket ticket) {
    lock.lock();
    try {
      if (ticket.state != State.WAITING) {
        return false;
      }
      ticket.state = State.GONE;
      queue.remove(ticket.department, ticket);
      listener.onQueueDepthChange(name, queue.size());
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Advances the virtual clock to now: by {@code elapsed / inFlight}. A clock that went backwards
   * advances nothing. Under the lock.
   */
  private void advance() {
    long now = nanos.getAsLong();
    long elapsed = now - lastNanos;
    if (elapsed <= 0) {
      return;
    }
    lastNanos = now;
    if (inFlight == 0) {
      return;
    }
    virtualWhole += elapsed / inFlight;
    virtualFraction += (double) (elapsed % inFlight) / inFlight;
    if (virtualFraction >= 1) {
      virtualWhole++;
      virtualFraction -= 1;
    }
  }

  /**
   * Ends {@code released}'s share of the pool's time, then passes the slot to the next waiter that
   * still wants it, or frees it. The share ends and the slot passes under one hold of the lock, so
   * no time goes uncounted between them.
   */
  private void release(Ticket released) {
    @Nullable Ticket ended = released;
    while (true) {
      Ticket next;
      double share = 0;
      lock.lock();
      try {
        advance();
        if (ended != null) {
          share = ended.shareUntil(virtualWhole, virtualFraction);
        }
        next = queue.poll();
        if (next == null) {
          inFlight--;
        } else {
          next.mark(virtualWhole, virtualFraction);
          next.state = State.GRANTED;
          listener.onQueueDepthChange(name, queue.size());
        }
      } finally {
        lock.unlock();
      }
      if (ended != null) {
        ended.poolTime.complete(Duration.ofNanos(Math.round(share)));
        ended = null;
      }
      if (next == null || next.turn.complete(next)) {
        return;
      }
      // The waiter gave up as the slot reached it: it never held the permit.
      next.state = State.RELEASED;
      next.poolTime.complete(Duration.ZERO);
    }
  }

  private enum State {
    WAITING,
    GRANTED,
    RELEASED,
    GONE
  }

  /**
   * A place in the pool: waiting, then holding a permit until released, or gone (timed out or
   * cancelled while waiting). Leaving {@code WAITING} happens under the pool's lock.
   */
  final class Ticket implements Permit {
    final String department;
    final CompletableFuture<Permit> turn = new CompletableFuture<>();
    final CompletableFuture<Duration> poolTime = new CompletableFuture<>();
    volatile State state = State.WAITING;

    /** The virtual clock when the permit was granted. Under the pool's lock. */
    private long markWhole;

    private double markFraction;

    /** The share of the pool's time in nanoseconds, unrounded, once released (for tests). */
    volatile double shareNanos = Double.NaN;

    Ticket(String department) {
      this.department = department;
    }

    void mark(long whole, double fraction) {
      markWhole = whole;
      markFraction = fraction;
    }

    double shareUntil(long whole, double fraction) {
      // Differences of the whole parts are exact even across overflow.
      double share = Math.max(0, (double) (whole - markWhole) + (fraction - markFraction));
      shareNanos = share;
      return share;
    }

    @Override
    public void release() {
      if (STATE.compareAndSet(this, State.GRANTED, State.RELEASED)) {
        CapacityPool.this.release(this);
      }
    }

    @Override
    public CompletionStage<Duration> poolTime() {
      return poolTime;
    }
  }
}
