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
import java.util.function.ToIntFunction;

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
 */
final class CapacityPool {
  private final String name;
  private final Capacity capacity;
  private final RouterListener listener;
  private final Timer timer;
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

  CapacityPool(
      String name,
      Capacity capacity,
      ToIntFunction<String> weightOf,
      RouterListener listener,
      Timer timer) {
    this.name = name;
    this.capacity = capacity;
    this.listener = listener;
    this.timer = timer;
    this.queue = new FairQueue<>(weightOf);
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
        inFlight++;
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

  /** Passes a released permit to the next waiter that still wants it, or frees the slot. */
  private void release() {
    while (true) {
      Ticket next;
      lock.lock();
      try {
        next = queue.poll();
        if (next == null) {
          inFlight--;
          return;
        }
        next.state = State.GRANTED;
        listener.onQueueDepthChange(name, queue.size());
      } finally {
        lock.unlock();
      }
      if (next.turn.complete(next)) {
        return;
      }
      next.state = State.RELEASED;
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
  private final class Ticket implements Permit {
    final String department;
    final CompletableFuture<Permit> turn = new CompletableFuture<>();
    volatile State state = State.WAITING;

    Ticket(String department) {
      this.department = department;
    }

    @Override
    public void release() {
      if (STATE.compareAndSet(this, State.GRANTED, State.RELEASED)) {
        CapacityPool.this.release();
      }
    }
  }
}
