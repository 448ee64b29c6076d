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
 * {@link EvalStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL.
 *
 * <p>Every change to a stored run (progress, a sample, finishing) first takes the run's row with
 * {@code SELECT ... FOR UPDATE} and checks that the run is still running, so changes to one run are
 * serialised: a sample saved at the moment its run finishes is either saved before the finish or
 * refused after it, and a sample saved twice at once is updated or inserted once.
 */
final class JdbcEvalStorage implements EvalStorage {
  private static final String COLUMNS =
      "id, suite, suite_version, model_alias, provider, model, model_version, run_source, status,"
          + " started_at, finished_at, samples_total, samples_done, error_count, summary,"
          + " requested_by";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM steward_eval_run";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcEvalStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void insertRun(EvalRunRow run) {
    Objects.requireNonNull(run, "run");
    if (run.status() != Status.RUNNING) {
      throw new IllegalArgumentException(
          "run: eval run " + run.id() + " is " + run.status() + " (expected: a running run)");
    }
    Jdbc.update(
        dataSource,
        "insert of eval run " + run.id(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_eval_run ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.id());
            insert.setString(2, run.suite());
            insert.setString(3, run.suiteVersion());
            insert.setString(4, run.alias());
            insert.setString(5, run.provider());
            insert.setString(6, run.model());
            insert.setString(7, run.modelVersion());
            insert.setString(8, run.source());
            insert.setString(9, run.status().name());
            Jdbc.setInstant(insert, 10, run.startedAt());
            Jdbc.setInstant(insert, 11, run.finishedAt());
            insert.setInt(12, run.samplesTotal());
            insert.setInt(13, run.samplesDone());
            insert.setInt(14, run.errors());
            insert.setBytes(15, run.summary());
            insert.setString(16, run.requestedBy());
            insert.executeUpdate();
          }
        });
  }

  @Override
  public void finishRun(
      String id,
      Status status,
      int samplesDone,
      int errors,
      Instant finishedAt,
      byte[] summary,
      byte @Nullable [] auditEntry) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    if (!status.finished()) {
      throw new IllegalArgumentException(
          "status: " + status + " (expected: COMPLETE or FAILED, a finished status)");
    }
    Instant at = Checks.micros("finishedAt", finishedAt);
    byte[] copy = EvalRunRow.checkedCopy("summary", summary, EvalRunRow.MAX_SUMMARY_BYTES);
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    Jdbc.update(
        dataSource,
        "finish of eval run " + id,
        connection -> {
          EvalRunRow running = lockRunning(connection, id);
          // Checks every field as the row will read back, before anything is written.
          EvalRunRow finished = running.withFinish(status, samplesDone, errors, at, copy);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_eval_run SET status = ?, samples_done = ?, error_count = ?,"
                      + " finished_at = ?, summary = ? WHERE id = ?")) {
            update.setString(1, finished.status().name());
            update.setInt(2, finished.samplesDone());
            update.setInt(3, finished.errors());
            Jdbc.setInstant(update, 4, finished.finishedAt());
            update.setBytes(5, copy);
            update.setString(6, id);
            update.executeUpdate();
          }
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
        });
  }

  @Override
  public void progress(String id, int samplesDone, int errors) {
    Objects.requireNonNull(id, "id");
    Jdbc.update(
        dataSource,
        "progress of eval run " + id,
        connection -> {
          EvalRunRow running = lockRunning(connection, id);
          EvalRunRow.checkCounts(running.samplesTotal(), samplesDone, errors);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_eval_run SET samples_done = ?, error_count = ? WHERE id = ?")) {
            update.setInt(1, samplesDone);
            update.setInt(2, errors);
            update.setString(3, id);
            update.executeUpdate();
          }
        });
  }

  @Override
  public Optional<EvalRunRow> run(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(
        dataSource,
        "lookup of eval run " + id,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            query.setString(1, id);
            return first(query);
          }
        });
  }

  @Override
  public List<EvalRunRow> runs(int limit) {
    Checks.limit(limit, MAX_RECENT);
    return Jdbc.read(
        dataSource,
        "read of recent eval runs",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " ORDER BY started_at DESC, seq DESC LIMIT ?")) {
            query.setInt(1, limit);
            return all(query);
          }
        });
  }

  @Override
  public List<EvalRunRow> completeRuns(String modelVersion, String suite) {
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(suite, "suite");
    return Jdbc.read(
        dataSource,
        "read of the complete eval runs of " + suite,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  SELECT
                      + " WHERE model_version = ? AND suite = ? AND status = ?"
                      + " ORDER BY finished_at DESC, seq DESC")) {
            query.setString(1, modelVersion);
            query.setString(2, suite);
            query.setString(3, Status.COMPLETE.name());
            return all(query);
          }
        });
  }

  @Override
  public void saveSample(String runId, String sampleId, int epoch, byte[] result) {
    Objects.requireNonNull(runId, "runId");
    // Checks the sample as it will read back, and copies its result.
    StoredSample sample = new StoredSample(sampleId, epoch, result);
    byte[] bytes = sample.result();
    Jdbc.update(
        dataSource,
        "save of a sample of eval run " + runId,
        connection -> {
          lockRunning(connection, runId);
          // The run's row lock serialises saves of its samples: update, else insert, cannot race.
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_eval_sample SET sample_result = ?"
                      + " WHERE run_id = ? AND sample_id = ? AND epoch = ?")) {
            update.setBytes(1, bytes);
            update.setString(2, runId);
            update.setString(3, sampleId);
            update.setInt(4, epoch);
            if (update.executeUpdate() > 0) {
              return;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_eval_sample (run_id, sample_id, epoch, sample_result)"
                      + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setString(2, sampleId);
            insert.setInt(3, epoch);
            insert.setBytes(4, bytes);
            insert.executeUpdate();
          }
        });
  }

  @Override
  public List<StoredSample> samples(String runId) {
    Objects.requireNonNull(runId, "runId");
    return Jdbc.read(
        dataSource,
        "read of the samples of eval run " + runId,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT sample_id, epoch, sample_result FROM steward_eval_sample"
                      + " WHERE run_id = ? ORDER BY seq")) {
            query.setString(1, runId);
            List<StoredSample> samples = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                samples.add(
                    new StoredSample(
                        rows.getString("sample_id"),
                        rows.getInt("epoch"),
                        rows.getBytes("sample_result")));
              }
            }
            return List.copyOf(samples);
          }
        });
  }

  /**
   * Takes the row of the run with this id, in the caller's transaction, and returns it.
   *
   * @throws IllegalStateException if there is no such run, or it is finished
   */
  private static EvalRunRow lockRunning(Connection connection, String id) throws SQLException {
    EvalRunRow run;
    try (PreparedStatement query =
        connection.prepareStatement(SELECT + " WHERE id = ? FOR UPDATE")) {
      query.setString(1, id);
      run =
          first(query)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "eval run " + id + ": unknown (expected: a running run)"));
    }
    if (run.status().finished()) {
      throw new IllegalStateException(
          "eval run " + id + ": " + run.status() + " (expected: a running run)");
    }
    return run;
  }

  private static Optional<EvalRunRow> first(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    }
  }

  private static List<EvalRunRow> all(PreparedStatement query) throws SQLException {
    List<EvalRunRow> runs = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        runs.add(row(rows));
      }
    }
    return List.copyOf(runs);
  }

  private static EvalRunRow row(ResultSet rows) throws SQLException {
    String status = rows.getString("status");
    Status parsed;
    try {
      parsed = Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw new SQLException("steward_eval_run.status: " + status + " (expected: a status)", e);
    }
    byte @Nullable [] summary = rows.getBytes("summary");
    return new EvalRunRow(
        rows.getString("id"),
        rows.getString("suite"),
        rows.getString("suite_version"),
        rows.getString("model_alias"),
        rows.getString("provider"),
        rows.getString("model"),
        rows.getString("model_version"),
        rows.getString("run_source"),
        parsed,
        Jdbc.requiredInstant(rows, "started_at"),
        Jdbc.instant(rows, "finished_at"),
        rows.getInt("samples_total"),
        rows.getInt("samples_done"),
        rows.getInt("error_count"),
        summary,
        rows.getString("requested_by"));
  }
}
