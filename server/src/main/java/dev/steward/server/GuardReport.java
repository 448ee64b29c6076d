package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.guard.Applied;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import dev.steward.store.LedgerRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the input guards found and did to one request: personal data by type and action, and the
 * injection guard's strongest score. Returned to the caller in headers and committed in the
 * request's log entry; never the data itself.
 *
 * @param personalData how many findings of each type met each action
 * @param injectionChecked whether the injection guard checked the request
 * @param injectionScore the highest injection score among the texts checked, 0 when none were
 * @param injectionFlagged whether some text reached the use case's threshold
 * @param injectionAction what was done: {@code none}, {@code flag}, {@code strip} or {@code block}
 */
record GuardReport(
    SortedMap<Key, Integer> personalData,
    boolean injectionChecked,
    double injectionScore,
    boolean injectionFlagged,
    String injectionAction) {

  static final GuardReport NONE = new GuardReport(new TreeMap<>(), false, 0, false, "none");

  /** Personal data only: the injection guard did not check the request. */
  static GuardReport personalData(SortedMap<Key, Integer> personalData) {
    return new GuardReport(personalData, false, 0, false, "none");
  }

  /** The report as the request's log entry holds it; {@code null} when no guard acted. */
  AuditEntry.@Nullable Guards audit() {
    if (personalData.isEmpty() && !injectionChecked) {
      return null;
    }
    List<AuditEntry.GuardFinding> findings = new ArrayList<>();
    personalData.forEach(
        (k, n) -> findings.add(new AuditEntry.GuardFinding(k.type().name(), k.action().wire(), n)));
    return new AuditEntry.Guards(
        findings.size() > AuditEntry.Guards.MAX_FINDINGS
            ? findings.subList(0, AuditEntry.Guards.MAX_FINDINGS)
            : findings,
        injectionChecked
            ? new AuditEntry.InjectionResult(injectionScore, injectionFlagged, injectionAction)
            : null);
  }

  GuardReport {
    personalData = Collections.unmodifiableSortedMap(new TreeMap<>(personalData));
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
        add(a);
      }
    }

    void add(Applied a) {
      counts.merge(new Key(a.type(), a.action()), 1, Integer::sum);
    }

    boolean isEmpty() {
      return counts.isEmpty();
    }

    SortedMap<Key, Integer> counts() {
      return counts;
    }
  }

  /** The reason the ledger gives an injection guard's action. */
  static final String INJECTION = "INJECTION";

  /** The ledger's prefix of what was done to the answer. */
  static final String OUTPUT = "output.";

  /**
   * What the guards did to an exchange, as its ledger row keeps it (docs/spec/benefits.md): {@code
   * action:REASON=count} entries joined by {@code ,} — the request's personal data by type then
   * action, the injection guard's action ({@code flag}, {@code strip} or {@code block}, counted
   * once), then the answer's personal data prefixed {@code output.}. Findings that were allowed are
   * left out; empty when the guards did nothing. Never the data itself.
   */
  static String ledgerText(GuardReport input, @Nullable GuardReport output) {
    StringBuilder out = new StringBuilder();
    input.appendPersonalData(out, "");
    if (input.injectionFlagged && !input.injectionAction.equals("none")) {
      append(out, input.injectionAction + ":" + INJECTION + "=1");
    }
    if (output != null) {
      output.appendPersonalData(out, OUTPUT);
    }
    return out.toString();
  }

  private void appendPersonalData(StringBuilder out, String prefix) {
    personalData.forEach(
        (k, n) -> {
          if (k.action() != PersonalDataAction.ALLOW && n > 0) {
            append(out, prefix + k.action().wire() + ":" + k.type().name() + "=" + n);
          }
        });
  }

  /** Adds an entry, unless the text would grow past what the ledger keeps. */
  private static void append(StringBuilder out, String entry) {
    int length = out.length() + (out.isEmpty() ? 0 : 1) + entry.length();
    if (length > LedgerRow.MAX_REDACTIONS_LENGTH) {
      return;
    }
    if (!out.isEmpty()) {
      out.append(',');
    }
    out.append(entry);
  }

  /** {@code EMAIL_ADDRESS:mask:2, UK_NINO:pseudonymise:1}, in type order; empty when none. */
  String personalDataHeader() {
    StringJoiner out = new StringJoiner(", ");
    personalData.forEach((k, n) -> out.add(k.type().name() + ":" + k.action().wire() + ":" + n));
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
