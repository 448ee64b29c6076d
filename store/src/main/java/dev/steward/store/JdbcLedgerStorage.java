package dev.steward.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** {@link LedgerStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. */
final class JdbcLedgerStorage implements LedgerStorage {
  private static final String COLUMNS =
      "request_id, occurred_at, department, service, use_case, api, endpoint, model_alias,"
          + " route_id, upstream_model, outcome, http_status, input_tokens, output_tokens,"
          + " cached_input_tokens, cost_gbp, latency_micros, first_token_micros, is_stream,"
          + " attempts, audit_request_index, audit_completion_index, audit_salt, key_id,"
          + " pool_micros, redactions";
  private static final String INSERT =
      "INSERT INTO steward_ledger ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM steward_ledger";

  /** Rows fetched per round trip by {@link #forEach}. */
  static final int FETCH_SIZE = 500;

  private final DataSource dataSource;

  JdbcLedgerStorage(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void append(List<LedgerRow> rows) {
    List<LedgerRow> batch = List.copyOf(rows);
    if (batch.isEmpty()) {
      return;
    }
    Jdbc.update(
        dataSource,
        "ledger append of " + batch.size() + " rows",
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (LedgerRow row : batch) {
              bind(insert, row);
              insert.addBatch();
            }
            insert.executeBatch();
          }
        });
  }

  @Override
  public List<LedgerRow> recent(int limit) {
    if (limit < 1 || limit > MAX_RECENT) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_RECENT + ")");
    }
    return Jdbc.read(
        dataSource,
        "read of recent ledger rows",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  SELECT + " ORDER BY occurred_at DESC, seq DESC LIMIT ?")) {
            query.setInt(1, limit);
            List<LedgerRow> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
              while (result.next()) {
                rows.add(row(result));
              }
            }
            return List.copyOf(rows);
          }
        });
  }

  @Override
  public Optional<LedgerRow> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return Jdbc.read(
        dataSource,
        "lookup of ledger row " + requestId,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet result = query.executeQuery()) {
              return result.next() ? Optional.of(row(result)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public LedgerTotals totals(Instant fromInstant, Instant toInstant, @Nullable String department) {
    // Rows are stored to the microsecond; bounds are too, so that a row's own time includes it.
    Instant from = Checks.micros("from", fromInstant);
    Instant to = Checks.micros("to", toInstant);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from: " + from + " (expected: <= to " + to + ")");
    }
    String sql =
        "SELECT COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
            + " COALESCE(SUM(cached_input_tokens), 0), COALESCE(SUM(cost_gbp), 0)"
            + " FROM steward_ledger WHERE occurred_at >= ? AND occurred_at < ?"
            + (department == null ? "" : " AND department = ?");
    return Jdbc.read(
        dataSource,
        "ledger totals",
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            Jdbc.setInstant(query, 1, from);
            Jdbc.setInstant(query, 2, to);
            if (department != null) {
              query.setString(3, department);
            }
            try (ResultSet result = query.executeQuery()) {
              result.next();
              return new LedgerTotals(
                  result.getLong(1),
                  result.getLong(2),
                  result.getLong(3),
                  result.getLong(4),
                  result.getBigDecimal(5));
            }
          }
        });
  }

  @Override
  public void forEach(Instant fromInstant, Instant toInstant, Consumer<LedgerRow> each) {
    Instant from = Checks.micros("from", fromInstant);
    Instant to = Checks.micros("to", toInstant);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from: " + from + " (expected: <= to " + to + ")");
    }
    Objects.requireNonNull(each, "each");
    // Inside a transaction: PostgreSQL's driver honours the fetch size (reads by cursor) only
    // with auto-commit off; otherwise it would load every row of the period at once.
    Jdbc.update(
        dataSource,
        "read of the ledger rows from " + from + " to " + to,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  SELECT
                      + " WHERE occurred_at >= ? AND occurred_at < ?"
                      + " ORDER BY occurred_at, seq")) {
            query.setFetchSize(FETCH_SIZE);
            Jdbc.setInstant(query, 1, from);
            Jdbc.setInstant(query, 2, to);
            try (ResultSet result = query.executeQuery()) {
              while (result.next()) {
                each.accept(row(result));
              }
            }
          }
        });
  }

  private static void bind(PreparedStatement insert, LedgerRow row) throws SQLException {
    bindVersion2Columns(insert, row);
    LedgerRow.@Nullable Audit audit = row.audit();
    if (audit == null) {
      insert.setNull(21, Types.BIGINT);
      insert.setNull(22, Types.BIGINT);
      insert.setNull(23, Types.VARCHAR);
    } else {
      insert.setLong(21, audit.requestIndex());
      setNullableLong(insert, 22, audit.completionIndex());
      insert.setString(23, audit.salt());
    }
    Jdbc.setNullableString(insert, 24, row.keyId());
    setNullableLong(insert, 25, row.poolMicros());
    insert.setString(26, row.redactions());
  }

  /**
   * Binds the 20 columns the ledger has had since schema version 2, in their order ({@code
   * request_id} … {@code attempts}); the audit columns follow.
   */
  static void bindVersion2Columns(PreparedStatement insert, LedgerRow row) throws SQLException {
    insert.setString(1, row.requestId());
    Jdbc.setInstant(insert, 2, row.at());
    insert.setString(3, row.principal().department());
    insert.setString(4, row.principal().service());
    insert.setString(5, row.principal().useCase());
    insert.setString(6, row.api());
    insert.setString(7, row.endpoint());
    insert.setString(8, row.modelAlias());
    Jdbc.setNullableString(insert, 9, row.routeId());
    Jdbc.setNullableString(insert, 10, row.upstreamModel());
    insert.setString(11, row.outcome());
    insert.setInt(12, row.httpStatus());
    insert.setLong(13, row.inputTokens());
    insert.setLong(14, row.outputTokens());
    insert.setLong(15, row.cachedInputTokens());
    insert.setBigDecimal(16, row.costGbp());
    insert.setLong(17, row.latencyMicros());
    setNullableLong(insert, 18, row.firstTokenMicros());
    insert.setBoolean(19, row.stream());
    insert.setInt(20, row.attempts());
  }

  private static void setNullableLong(PreparedStatement insert, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      insert.setNull(index, Types.BIGINT);
    } else {
      insert.setLong(index, value);
    }
  }

  private static @Nullable Long nullableLong(ResultSet result, String column) throws SQLException {
    long value = result.getLong(column);
    return result.wasNull() ? null : value;
  }

  private static LedgerRow row(ResultSet result) throws SQLException {
    @Nullable String routeId = result.getString("route_id");
    @Nullable String upstreamModel = result.getString("upstream_model");
    @Nullable Long firstTokenMicros = nullableLong(result, "first_token_micros");
    @Nullable String salt = result.getString("audit_salt");
    LedgerRow.@Nullable Audit audit =
        salt == null
            ? null
            : new LedgerRow.Audit(
                result.getLong("audit_request_index"),
                nullableLong(result, "audit_completion_index"),
                salt);
    BigDecimal cost = result.getBigDecimal("cost_gbp");
    return new LedgerRow(
        result.getString("request_id"),
        Jdbc.requiredInstant(result, "occurred_at"),
        new Principal(
            result.getString("department"),
            result.getString("service"),
            result.getString("use_case")),
        result.getString("api"),
        result.getString("endpoint"),
        result.getString("model_alias"),
        routeId,
        upstreamModel,
        result.getString("outcome"),
        result.getInt("http_status"),
        result.getLong("input_tokens"),
        result.getLong("output_tokens"),
        result.getLong("cached_input_tokens"),
        cost,
        result.getLong("latency_micros"),
        firstTokenMicros,
        result.getBoolean("is_stream"),
        result.getInt("attempts"),
        audit,
        result.getString("key_id"),
        nullableLong(result, "pool_micros"),
        result.getString("redactions"));
  }
}
