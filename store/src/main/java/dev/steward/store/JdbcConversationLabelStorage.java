package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * {@link ConversationLabelStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL.
 *
 * <p>A raise updates the conversation's row in place ({@code GREATEST} of the stored and the new
 * level, under the row lock the update takes), and inserts the row when there is none. Two first
 * raises of one conversation at once both find no row; one insert wins, the other breaks the
 * primary key, and its transaction is run again, when the update finds the winner's row.
 */
final class JdbcConversationLabelStorage implements ConversationLabelStorage {
  /** Runs of a raise whose insert lost a race; the second finds the row, so 3 is generous. */
  private static final int ATTEMPTS = 3;

  private final DataSource dataSource;

  JdbcConversationLabelStorage(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public int raise(String conversation, int level, Instant at) {
    Checks.text("conversation", conversation, MAX_CONVERSATION_LENGTH);
    if (level < 0) {
      throw new IllegalArgumentException("level: " + level + " (expected: >= 0)");
    }
    Instant raisedAt = Checks.micros("at", at);
    for (int attempt = 1; ; attempt++) {
      try {
        return Jdbc.write(
            dataSource,
            "raise of a conversation's level",
            connection -> {
              OptionalInt raised = update(connection, conversation, level, raisedAt);
              if (raised.isPresent()) {
                return raised.getAsInt();
              }
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO steward_conversation_label (conversation, label_level,"
                          + " raised_at) VALUES (?, ?, ?)")) {
                insert.setString(1, conversation);
                insert.setInt(2, level);
                Jdbc.setInstant(insert, 3, raisedAt);
                insert.executeUpdate();
              }
              return level;
            });
      } catch (StorageException e) {
        if (!Jdbc.uniqueViolation(e) || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Raises an existing row; empty if the conversation has none. */
  private static OptionalInt update(
      Connection connection, String conversation, int level, Instant at) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE steward_conversation_label SET label_level = GREATEST(label_level, ?),"
                + " raised_at = GREATEST(raised_at, ?) WHERE conversation = ?")) {
      update.setInt(1, level);
      Jdbc.setInstant(update, 2, at);
      update.setString(3, conversation);
      if (update.executeUpdate() == 0) {
        return OptionalInt.empty();
      }
    }
    // The row stays locked by the update until commit: this reads what this raise left.
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT label_level FROM steward_conversation_label WHERE conversation = ?")) {
      query.setString(1, conversation);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("steward_conversation_label lost the row it just updated");
        }
        return OptionalInt.of(rows.getInt(1));
      }
    }
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    Instant before = Checks.micros("cutoff", cutoff);
    return Jdbc.write(
        dataSource,
        "purge of conversation levels",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM steward_conversation_label WHERE raised_at < ?")) {
            Jdbc.setInstant(delete, 1, before);
            return delete.executeUpdate();
          }
        });
  }
}
