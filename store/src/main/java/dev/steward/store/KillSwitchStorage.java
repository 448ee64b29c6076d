package dev.steward.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where kill switches live: an engaged switch stops traffic to its target (a provider, a model
 * alias, or a {@code department/service/use-case}) on every gateway node sharing this store, until
 * it is lifted. At most one switch is engaged per scope and target. Safe for concurrent use, and by
 * several processes sharing one store.
 *
 * <p>Nodes learn of changes by polling {@link #version()}, one primary-key read, every few hundred
 * milliseconds, and reloading {@link #active()} when it changed: every engagement and lifting bumps
 * the version in its own transaction, so a node that sees the new version reads the change.
 */
public interface KillSwitchStorage {

  /** The most switches {@link #recent} returns. */
  int MAX_RECENT = 1000;

  /**
   * Stores an engaged switch and, in the same transaction, bumps the {@link #version()} and queues
   * {@code auditEntry} (when given) in the {@link AuditOutbox}.
   *
   * @throws IllegalArgumentException if {@code engaged} is lifted, or {@code auditEntry} is empty
   *     or longer than {@value AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is stored)
   * @throws AlreadyEngaged if a switch is already engaged for the same scope and target (nothing is
   *     stored); it carries that switch
   * @throws StorageException if a switch with the same id is stored, engaged or lifted ("already
   *     stored"), or the database fails
   */
  void engage(KillSwitch engaged, byte @Nullable [] auditEntry);

  /**
   * Lifts the engaged switch with this id and, in the same transaction, bumps the {@link
   * #version()} and queues {@code auditEntry} (when given). Nothing is changed or queued when the
   * switch is unknown or already lifted.
   *
   * @param actor who lifted it: an admin key's id, or {@code cli}
   * @param note why it was lifted
   * @return the lifted switch, or empty if no engaged switch has this id
   */
  Optional<KillSwitch> lift(
      String id, String actor, String note, Instant at, byte @Nullable [] auditEntry);

  /** The switch with this id, engaged or lifted. */
  Optional<KillSwitch> find(String id);

  /** The engaged switches, oldest engagement first. */
  List<KillSwitch> active();

  /**
   * The switches most recently engaged, lifted ones included, newest engagement first (ties in the
   * order they were stored, newest first), at most {@code limit} (1..{@value #MAX_RECENT}).
   */
  List<KillSwitch> recent(int limit);

  /**
   * A number that increases with every {@link #engage} and every {@link #lift} that changed a
   * switch, by any process sharing this store; a failed or empty call leaves it. One primary-key
   * read, cheap enough to poll every 250 ms from every node.
   */
  long version();

  /**
   * A kill switch. Times are kept to the microsecond.
   *
   * @param id its id, chosen by whoever engages it (1..{@value #MAX_ID_LENGTH} characters)
   * @param scope what it stops: {@code provider}, {@code model} or {@code use-case}
   * @param target a provider id, a model alias, or {@code department/service/use-case}
   * @param note the incident note: why it was engaged (1..{@value #MAX_NOTE_LENGTH} characters,
   *     counted in code points, not blank)
   * @param actor who engaged it: an admin key's id, or {@code cli}
   * @param engagedAt when it was engaged
   * @param liftedAt when it was lifted; {@code null} while it is engaged
   * @param liftedBy who lifted it; set exactly when {@code liftedAt} is
   * @param liftNote why it was lifted; set exactly when {@code liftedAt} is
   */
  record KillSwitch(
      String id,
      String scope,
      String target,
      String note,
      String actor,
      Instant engagedAt,
      @Nullable Instant liftedAt,
      @Nullable String liftedBy,
      @Nullable String liftNote) {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_SCOPE_LENGTH = 32;
    public static final int MAX_TARGET_LENGTH = 200;
    public static final int MAX_ACTOR_LENGTH = 200;
    public static final int MAX_NOTE_LENGTH = 1000;

    public KillSwitch {
      Checks.text("id", id, MAX_ID_LENGTH);
      Checks.text("scope", scope, MAX_SCOPE_LENGTH);
      Checks.text("target", target, MAX_TARGET_LENGTH);
      Checks.note("note", note, MAX_NOTE_LENGTH);
      Checks.text("actor", actor, MAX_ACTOR_LENGTH);
      engagedAt = Checks.micros("engagedAt", engagedAt);
      liftedAt = Checks.optionalMicros("liftedAt", liftedAt);
      Checks.optionalText("liftedBy", liftedBy, MAX_ACTOR_LENGTH);
      if (liftNote != null) {
        Checks.note("liftNote", liftNote, MAX_NOTE_LENGTH);
      }
      if ((liftedAt == null) != (liftedBy == null) || (liftedAt == null) != (liftNote == null)) {
        throw new IllegalArgumentException(
            "liftedAt, liftedBy, liftNote: "
                + (liftedAt == null ? "null" : "set")
                + ", "
                + (liftedBy == null ? "null" : "set")
                + ", "
                + (liftNote == null ? "null" : "set")
                + " (expected: all three set for a lifted switch, all null for an engaged one)");
      }
    }

    /** A switch engaged at {@code at}. */
    public static KillSwitch engaged(
        String id, String scope, String target, String note, String actor, Instant at) {
      return new KillSwitch(id, scope, target, note, actor, at, null, null, null);
    }

    /** Whether it has been lifted (lifting is final). */
    public boolean lifted() {
      return liftedAt != null;
    }

    /** This switch lifted at {@code at} by {@code actor}, because of {@code note}. */
    public KillSwitch withLift(Instant at, String actor, String note) {
      return new KillSwitch(id, scope, target, this.note, this.actor, engagedAt, at, actor, note);
    }
  }

  /**
   * {@link #engage} found a switch already engaged for the same scope and target: the caller may
   * answer "conflict" and show {@link #existing()}.
   */
  final class AlreadyEngaged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient KillSwitch existing;

    public AlreadyEngaged(KillSwitch existing) {
      super(
          "kill switch: "
              + existing.scope()
              + " "
              + existing.target()
              + " is already engaged by switch "
              + existing.id()
              + " (since "
              + existing.engagedAt()
              + ")");
      this.existing = existing;
    }

    /** The engaged switch. */
    public KillSwitch existing() {
      return existing;
    }
  }
}
