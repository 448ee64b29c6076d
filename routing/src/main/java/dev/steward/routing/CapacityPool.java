package dev.steward.routing;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * A self-hosted provider's concurrency limit. At most {@code maxConcurrency} calls hold a permit;
 * later callers wait in a {@link FairQueue} (fair across departments by weight, FIFO within one) of
 * at most {@code maxQueue}, for at most {@code queueTimeout}. A released permit passes straight to
 * the next waiter, so a newcomer never overtakes the queue. Blocking uses a {@link ReentrantLock}
 * and one {@link Condition} per waiter, which suits virtual threads.
 */
final class CapacityPool {
  private final String name;
  private final Capacity capacity;
  private final RouterListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final FairQueue<Ticket> queue;
  private int inFlight;

  CapacityPool(
      String name, Capacity capacity, ToIntFunction<String> weightOf, RouterListener listener) {
    this.name = name;
    this.capacity = capacity;
    this.listener = listener;
    this.queue = new FairQueue<>(weightOf);
  }

  Capacity capacity() {
    return capacity;
  }

  /**
   * Takes a permit, waiting at most {@code maxWait} (itself at most the pool's queue timeout).
   *
   * @throws StewardException {@link ErrorCode#QUEUE_FULL} at once when the queue is full, {@link
   *     ErrorCode#QUEUE_TIMEOUT} when the wait ran out
   */
  Permit acquire(String department, Duration maxWait) throws InterruptedException {
    Ticket ticket = enter(department);
    Duration wait =
        maxWait.compareTo(capacity.queueTimeout()) < 0 ? maxWait : capacity.queueTimeout();
    if (!await(ticket, wait)) {
      throw new StewardException(
          ErrorCode.QUEUE_TIMEOUT,
          "pool '%s': no capacity within %d ms (max-concurrency: %d)"
              .formatted(name, wait.toMillis(), capacity.maxConcurrency()));
    }
    return ticket;
  }

  /** Takes a free permit or joins the queue, without blocking. */
  Ticket enter(String department) {
    lock.lock();
    try {
      Ticket ticket = new Ticket(department, lock.newCondition());
      if (inFlight < capacity.maxConcurrency()) {
        inFlight++;
        ticket.granted = true;
        return ticket;
      }
      if (queue.size() >= capacity.maxQueue()) {
        throw new StewardException(
            ErrorCode.QUEUE_FULL,
            "pool '%s': %d callers already waiting (max-queue: %d)"
                .formatted(name, queue.size(), capacity.maxQueue()));
      }
      queue.add(department, ticket);
      listener.onQueueDepthChange(name, queue.size());
      return ticket;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the ticket holds a permit; on timeout or interruption it leaves the queue.
   *
   * @return whether the permit was granted in time
   */
  boolean await(Ticket ticket, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = Backoff.nanos(timeout);
      while (!ticket.granted) {
        if (nanos <= 0) {
          leave(ticket);
          return false;
        }
        try {
          nanos = ticket.turn.awaitNanos(nanos);
        } catch (InterruptedException e) {
          if (ticket.granted) {
            ticket.release();
          } else {
            leave(ticket);
          }
          throw e;
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  PoolStats stats() {
    lock.lock();
    try {
      return new PoolStats(inFlight, queue.size(), capacity.maxConcurrency(), capacity.maxQueue());
    } finally {
      lock.unlock();
    }
  }

  private void leave(Ticket ticket) {
    if (queue.remove(ticket.department, ticket)) {
      listener.onQueueDepthChange(name, queue.size());
    }
  }

  private void release() {
    lock.lock();
    try {
      Ticket next = queue.poll();
      if (next == null) {
        inFlight--;
        return;
      }
      next.granted = true;
      next.turn.signal();
      listener.onQueueDepthChange(name, queue.size());
    } finally {
      lock.unlock();
    }
  }

  /** A place in the pool: waiting, or holding a permit until released. */
  final class Ticket implements Permit {
    final String department;
    private final Condition turn;
    private final AtomicBoolean released = new AtomicBoolean();
    private boolean granted; // guarded by lock

    private Ticket(String department, Condition turn) {
      this.department = department;
      this.turn = turn;
    }

    boolean granted() {
      lock.lock();
      try {
        return granted;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void release() {
      if (granted() && released.compareAndSet(false, true)) {
        CapacityPool.this.release();
      }
    }
  }
}
