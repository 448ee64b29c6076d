package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link KillSwitchStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. The schema keeps
 * at most one engaged switch per scope and target (PostgreSQL: a partial unique index; H2: a unique
 * generated column), so two nodes engaging the same target at once cannot both succeed.
 */
final class JdbcKillSwitchStorage implements KillSwitchStorage {
  private static final String COLUMNS =
      "id, scope, target, note, actor, engaged_at, lifted_at, lifted_by, lift_note";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM steward_kill_switch";
  private static final String COUNTER = "kill-switches";

  /**
   * Attempts at an engagement whose insert broke a unique constraint without a visible cause (a
   * concurrent engagement of the same target that had not committed yet, then rolled back).
   */
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcKillSwitchStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void engage(KillSwitch engaged, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(engaged, "engaged");
    if (engaged.lifted()) {
      throw new IllegalArgumentException(
          "engaged: switch " + engaged.id() + " is lifted (expected: an engaged switch)");
    }
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    String what = "engagement of kill switch " + engaged.id();
    for (int attempt = 1; ; attempt++) {
      try {
        Jdbc.update(dataSource, what, connection -> insert(connection, engaged, entry));
        return;
      } catch (StorageException e) {
        if (!Jdbc.uniqueViolation(e)) {
          throw e;
        }
        // Either the id is taken, or another engagement of this target committed after this one
        // looked: tell which.
        Optional<KillSwitch> active =
            Jdbc.read(
                dataSource,
                what,
                connection -> activeFor(connection, engaged.scope(), engaged.target()));
        if (active.isPresent()) {
          throw new AlreadyEngaged(active.get());
        }
        if (find(engaged.id()).isPresent() || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private void insert(Connection connection, KillSwitch engaged, byte @Nullable [] entry)
      throws SQLException {
    Optional<KillSwitch> active = activeFor(connection, engaged.scope(), engaged.target());
    if (active.isPresent()) {
      throw new AlreadyEngaged(active.get());
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO steward_kill_switch ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, engaged.id());
      insert.setString(2, engaged.scope());
      insert.setString(3, engaged.target());
      insert.setString(4, engaged.note());
      insert.setString(5, engaged.actor());
      Jdbc.setInstant(insert, 6, engaged.engagedAt());
      Jdbc.setInstant(insert, 7, null);
      Jdbc.setNullableString(insert, 8, null);
      Jdbc.setNullableString(insert, 9, null);
      insert.executeUpdate();
    }
    Jdbc.bumpCounter(connection, COUNTER);
    if (entry != null) {
      JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
    }
  }

  @Override
  public Optional<KillSwitch> lift(
      String id, String actor, String note, Instant at, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(id, "id");
    Checks.text("actor", actor, KillSwitch.MAX_ACTOR_LENGTH);
    Checks.note("note", note, KillSwitch.MAX_NOTE_LENGTH);
    Instant liftedAt = Checks.micros("at", at);
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    return Jdbc.write(
        dataSource,
        "lifting of kill switch " + id,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_kill_switch SET lifted_at = ?, lifted_by = ?, lift_note = ?"
                      + " WHERE id = ? AND lifted_at IS NULL")) {
            Jdbc.setInstant(update, 1, liftedAt);
            update.setString(2, actor);
            update.setString(3, note);
            update.setString(4, id);
            if (update.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          Jdbc.bumpCounter(connection, COUNTER);
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
          try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            query.setString(1, id);
            return first(query);
          }
        });
  }

  @Override
  public List<KillSwitch> active() {
    return Jdbc.read(
        dataSource,
        "read of the engaged kill switches",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  SELECT + " WHERE lifted_at IS NULL ORDER BY engaged_at, seq")) {
            return all(query);
          }
        });
  }

  @Override
  public List<KillSwitch> recent(int limit) {
    Checks.limit(limit, MAX_RECENT);
    return Jdbc.read(
        dataSource,
        "read of recent kill switches",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " ORDER BY engaged_at DESC, seq DESC LIMIT ?")) {
            query.setInt(1, limit);
            return all(query);
          }
        });
  }

  @Override
  public long version() {
    return Jdbc.read(
        dataSource,
        "read of the kill-switch version",
        connection -> Jdbc.counter(connection, COUNTER));
  }

  @Override
  public Optional<KillSwitch> find(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(
        dataSource,
        "lookup of kill switch " + id,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            query.setString(1, id);
            return first(query);
          }
        });
  }

  private static Optional<KillSwitch> activeFor(Connection connection, String scope, String target)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            SELECT + " WHERE scope = ? AND target = ? AND lifted_at IS NULL")) {
      query.setString(1, scope);
      query.setString(2, target);
      return first(query);
    }
  }

  private static Optional<KillSwitch> first(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    }
  }

  private static List<KillSwitch> all(PreparedStatement query) throws SQLException {
    List<KillSwitch> switches = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        switches.add(row(rows));
      }
    }
    return List.copyOf(switches);
  }

  private static KillSwitch row(ResultSet rows) throws SQLException {
    @Nullable String liftedBy = rows.getString("lifted_by");
    @Nullable String liftNote = rows.getString("lift_note");
    return new KillSwitch(
        rows.getString("id"),
        rows.getString("scope"),
        rows.getString("target"),
        rows.getString("note"),
        rows.getString("actor"),
        Jdbc.requiredInstant(rows, "engaged_at"),
        Jdbc.instant(rows, "lifted_at"),
        liftedBy,
        liftNote);
  }
}
