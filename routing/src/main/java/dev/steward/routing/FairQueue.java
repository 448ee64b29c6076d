package dev.steward.routing;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Per-department FIFO lanes served by deficit round robin with unit cost: each visit to a lane
 * grants it as many items as its weight (at least 1), so backlogged lanes of weights 2 and 1 are
 * served A, A, B, A, A, B, ... A lane that empties leaves the round and rejoins at its end. Not
 * thread-safe: the owner guards it.
 */
final class FairQueue<T> {
  private final ToIntFunction<String> weightOf;
  private final Map<String, Lane<T>> lanes = new HashMap<>();
  private final ArrayDeque<Lane<T>> round = new ArrayDeque<>();
  private int size;

  FairQueue(ToIntFunction<String> weightOf) {
    this.weightOf = weightOf;
  }

  void add(String lane, T item) {
    Lane<T> l = lanes.get(lane);
    if (l == null) {
      l = new Lane<>(lane, Math.max(1, weightOf.applyAsInt(lane)));
      lanes.put(lane, l);
      round.addLast(l);
    }
    l.items.addLast(item);
    size++;
  }

  /** Removes a waiting item (compared by identity); false when it was not waiting. */
  boolean remove(String lane, T item) {
    Lane<T> l = lanes.get(lane);
    if (l == null || !l.items.removeIf(x -> x == item)) {
      return false;
    }
    size--;
    if (l.items.isEmpty()) {
      drop(l);
    }
    return true;
  }

  /** The next item in fair order, or null when empty. */
  @Nullable T poll() {
    Lane<T> l = round.peekFirst();
    if (l == null) {
      return null;
    }
    if (!l.visiting) {
      l.deficit += l.weight;
      l.visiting = true;
    }
    l.deficit--;
    T item = l.items.removeFirst();
    size--;
    if (l.items.isEmpty()) {
      drop(l);
    } else if (l.deficit <= 0) {
      round.removeFirst();
      l.visiting = false;
      l.deficit = 0;
      round.addLast(l);
    }
    return item;
  }

  int size() {
    return size;
  }

  private void drop(Lane<T> l) {
    lanes.remove(l.name);
    round.remove(l);
  }

  private static final class Lane<T> {
    final String name;
    final int weight;
    final ArrayDeque<T> items = new ArrayDeque<>();
    int deficit;
    boolean visiting;

    Lane(String name, int weight) {
      this.name = name;
      this.weight = weight;
    }
  }
}
