package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StorageTest extends StorageContract {
  @TempDir Path temp;

  private Path dataDir() {
    return temp.resolve("data");
  }

  @Override
  Storage openFresh() {
    return H2Storage.open(dataDir());
  }

  @Override
  Storage reopen() {
    return H2Storage.open(dataDir());
  }

  private @Nullable Path olderDir;

  @Override
  DataSource openAtVersion(int version) {
    Path dir = temp.resolve("v" + version);
    olderDir = dir;
    org.h2.jdbcx.JdbcDataSource older = new org.h2.jdbcx.JdbcDataSource();
    older.setURL("jdbc:h2:file:" + dir.toAbsolutePath().resolve("steward"));
    older.setUser("sa");
    new Migrator("h2", H2Storage.MIGRATIONS.subList(0, version), () -> T0).migrate(older);
    return older;
  }

  @Override
  Storage openAnotherNode() {
    return H2Storage.open(dataDir());
  }

  @Override
  Storage openUpgraded() {
    return H2Storage.open(Objects.requireNonNull(olderDir, "olderDir"));
  }

  @Test
  void open_missingDirectory_createsItAndOneDatabaseFile() throws IOException {
    assertThat(((H2Storage) storage).file()).isEqualTo(dataDir().resolve("steward.mv.db"));
    assertThat(dataDir().resolve("steward.mv.db")).isRegularFile();
    try (Stream<Path> files = Files.list(dataDir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.startsWith("steward."));
    }
    if (Files.getFileStore(dataDir()).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void twoPoolsOnOneFile_seeEachOthersKeyChanges() {
    ApiKeyRecord key = ApiKeys.create(JUSTICE_NOTES, "a", null, T0).record();
    storage.keys().insert(key);

    try (Storage cli = H2Storage.open(dataDir())) {
      long before = storage.keys().version();
      assertThat(cli.keys().version()).isEqualTo(before);

      assertThat(cli.keys().revoke(key.id(), T0.plusSeconds(1))).isTrue();
      ApiKeyRecord added = ApiKeys.create(HEALTH_LETTERS, "b", "cli", T0).record();
      cli.keys().insert(added);

      assertThat(storage.keys().version()).isEqualTo(before + 2);
      assertThat(storage.keys().find(key.id()).orElseThrow().revoked()).isTrue();
      assertThat(storage.keys().findByHash(added.hash())).contains(added);
    }
    assertThat(storage.keys().list()).hasSize(2);
  }

  @Test
  void reopen_doesNotApplyMigrationsAgain() throws SQLException {
    storage.close();
    storage = reopen();

    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, script FROM steward_schema")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString(2)).isEqualTo("V1__init.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(2);
      assertThat(rows.getString(2)).isEqualTo("V2__ledger_append_order.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(3);
      assertThat(rows.getString(2)).isEqualTo("V3__audit.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(4);
      assertThat(rows.getString(2)).isEqualTo("V4__kill_switches_reviews_policies.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(5);
      assertThat(rows.getString(2)).isEqualTo("V5__ledger_key_id.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(6);
      assertThat(rows.getString(2)).isEqualTo("V6__evals_approvals.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(7);
      assertThat(rows.getString(2)).isEqualTo("V7__outcomes.sql");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(8);
      assertThat(rows.getString(2)).isEqualTo("V8__ledger_pool_time_redactions.sql");
      assertThat(rows.next()).as("one row per migration").isFalse();
    }
  }

  @Test
  void open_appliedMigrationEdited_refusesWithScriptName() throws SQLException {
    storage.close();
    execute("UPDATE steward_schema SET checksum = 'abc' WHERE version = 1");

    assertThatThrownBy(() -> storage = H2Storage.open(dataDir()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("V1__init.sql was changed after it was applied");
    storage = H2Storage.open(temp.resolve("other")); // for closeStorage()
  }

  @Test
  void open_schemaNewerThanCode_refuses() throws SQLException {
    storage.close();
    execute("INSERT INTO steward_schema VALUES (9, 'V9__future.sql', 'x', CURRENT_TIMESTAMP)");

    assertThatThrownBy(() -> storage = H2Storage.open(dataDir()))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "storage: the database's schema is at version 9, newer than this Steward knows (8);"
                + " upgrade Steward");
    storage = H2Storage.open(temp.resolve("other"));
  }

  @Test
  void upgradeFromVersion1_keepsEveryLedgerRow_andItsOrder() {
    storage.close();
    DataSource v1 = openAtVersion(1);
    LedgerRow first = row("req_a", T0, JUSTICE_NOTES, "0.5");
    LedgerRow second = row("req_b", T0, JUSTICE_NOTES, "0.25");
    appendAtVersion2(v1, List.of(first, second)); // the ledger's columns are the same at version 1

    storage = openUpgraded();

    assertThat(storage.ledger().find("req_a")).contains(first);
    assertThat(storage.ledger().recent(10)).containsExactly(second, first);
    assertThatThrownBy(
            () -> storage.ledger().append(List.of(row("req_a", T0, JUSTICE_NOTES, "0.5"))))
        .as("request ids stay unique")
        .isInstanceOf(StorageException.class);
  }

  @Test
  void findByHash_usesTheHashIndex() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet plan =
            statement.executeQuery(
                "EXPLAIN SELECT id FROM steward_api_key WHERE key_hash = X'00'")) {
      assertThat(plan.next()).isTrue();
      assertThat(plan.getString(1)).contains("STEWARD_API_KEY_HASH");
    }
  }

  @Test
  void migrationList_namesEveryScriptInTheResourceFolder() throws IOException, URISyntaxException {
    for (String dialect : List.of("h2", "postgres")) {
      URL folder = Objects.requireNonNull(getClass().getClassLoader().getResource("db/" + dialect));
      try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
        List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
        List<String> listed =
            dialect.equals("h2") ? H2Storage.MIGRATIONS : PostgresStorage.MIGRATIONS;
        assertThat(listed).as(dialect).containsExactlyInAnyOrderElementsOf(names);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dataDir().toAbsolutePath().resolve("steward") + ";AUTO_SERVER=TRUE",
        "sa",
        "");
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
