package dev.steward.server;

import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What this node knows of a piece of shared state the store keeps (kill switches, approvals). Every
 * node polls the store's change counter for it (one cheap query) every {@value #POLL_MILLIS} ms and
 * reloads it only when the counter moved, so a change made on any node, or with the CLI, applies on
 * every node within a second.
 *
 * <p>Fails closed for what it has seen: until the store has been read once, the state is {@code
 * initial}; when the store cannot be read later, the state last read stays in force.
 */
class StoreWatcher<T> implements Supplier<T> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreWatcher.class);

  /** How often the store is polled. */
  static final long POLL_MILLIS = 250;

  private final String name;
  private final LongSupplier version;
  private final Supplier<T> load;
  private final Function<T, String> describe;
  private volatile T current;
  private long seen = Long.MIN_VALUE;
  private boolean failing;

  /**
   * @param name what is watched, for the log
   * @param version the store's change counter for it
   * @param load reads it from the store
   * @param describe a short account of a state read, for the log
   */
  StoreWatcher(
      String name,
      LongSupplier version,
      Supplier<T> load,
      Function<T, String> describe,
      T initial) {
    this.name = name;
    this.version = version;
    this.load = load;
    this.describe = describe;
    this.current = initial;
  }

  @Override
  public final T get() {
    return current;
  }

  /** Reads the state if it changed since the last read; blocks (database). */
  final synchronized void refresh() {
    try {
      long now = version.getAsLong();
      if (now != seen) {
        T read = load.get();
        current = read;
        seen = now;
        LOG.info("{}: {}", name, describe.apply(read));
      }
      if (failing) {
        LOG.info("{}: the store answers again", name);
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "{}: the store cannot be read; the state last read stays in force: {}",
            name,
            e.toString());
        failing = true;
      }
    }
  }
}
