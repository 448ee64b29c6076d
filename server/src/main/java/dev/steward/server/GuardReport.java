package dev.steward.server;

import dev.steward.guard.Applied;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What the input guards found and did to one request: personal data by type and action, and the
 * injection guard's strongest score. Returned to the caller in headers and committed in the
 * request's log entry; never the data itself.
 *
 * @param personalData how many findings of each type met each action
 * @param injectionScore the highest injection score among the texts checked, 0 when none were
 * @param injectionFlagged whether some text reached the use case's threshold
 * @param injectionAction what was done: {@code none}, {@code flag} or {@code strip} (a block ends
 *     the request instead)
 */
record GuardReport(
    Map<Key, Integer> personalData,
    double injectionScore,
    boolean injectionFlagged,
    String injectionAction) {

  static final GuardReport NONE = new GuardReport(Map.of(), 0, false, "none");

  GuardReport {
    personalData = Map.copyOf(personalData);
    Objects.requireNonNull(injectionAction, "injectionAction");
  }

  /** A type and the action taken on it. */
  record Key(PersonalDataType type, PersonalDataAction action) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = type.name().compareTo(o.type.name());
      return c != 0 ? c : action.wire().compareTo(o.action.wire());
    }
  }

  /** Counts findings as they are applied. */
  static final class Tally {
    private final TreeMap<Key, Integer> counts = new TreeMap<>();

    void add(Iterable<Applied> applied) {
      for (Applied a : applied) {
        counts.merge(new Key(a.type(), a.action()), 1, Integer::sum);
      }
    }

    boolean isEmpty() {
      return counts.isEmpty();
    }

    Map<Key, Integer> counts() {
      return counts;
    }
  }

  /** {@code UK_NINO:pseudonymise:1, EMAIL_ADDRESS:mask:2}, in type order; empty when none. */
  String personalDataHeader() {
    StringJoiner out = new StringJoiner(", ");
    new TreeMap<>(personalData)
        .forEach((k, n) -> out.add(k.type().name() + ":" + k.action().wire() + ":" + n));
    return out.toString();
  }

  /** {@code flagged; score=0.930; action=strip}, for a request the guard flagged. */
  String injectionHeader() {
    return "flagged; score="
        + String.format(java.util.Locale.ROOT, "%.3f", injectionScore)
        + "; action="
        + injectionAction;
  }
}
