package dev.steward.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The embedded store, Steward's default: one H2 database file, {@code steward.mv.db}, in the data
 * directory. Nothing to install.
 *
 * <p>The database is opened with {@code AUTO_SERVER=TRUE}: the first process to open the file
 * serves it to the others over a loopback TCP port that H2 records in the file's lock file, so the
 * CLI can create and revoke keys while a server runs. Another process sees a change at once (see
 * {@link KeyStorage#version()}).
 */
public final class H2Storage extends JdbcStorage {
  /** The database file's name in the data directory. */
  public static final String FILE_NAME = "steward.mv.db";

  static final List<String> MIGRATIONS =
      List.of(
          "V1__init.sql",
          "V2__ledger_append_order.sql",
          "V3__audit.sql",
          "V4__kill_switches_reviews_policies.sql",
          "V5__ledger_key_id.sql",
          "V6__evals_approvals.sql",
          "V7__outcomes.sql",
          "V8__ledger_pool_time_redactions.sql");

  private final Path file;

  private H2Storage(Path file, HikariDataSource dataSource) {
    super(dataSource);
    this.file = file;
  }

  /**
   * Opens (creating the directory and database if absent) the store in {@code dataDir}, and brings
   * its schema up to date.
   *
   * @throws StorageException if the database cannot be opened or migrated
   */
  public static H2Storage open(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path dir = dataDir.toAbsolutePath().normalize();
    if (dir.toString().contains(";")) {
      throw new IllegalArgumentException("dataDir: " + dir + " (expected: a path without ';')");
    }
    try {
      if (!Files.isDirectory(dir)) {
        createPrivateDirectories(dir);
      }
    } catch (IOException e) {
      throw new StorageException("storage: data directory " + dir + " cannot be created: " + e, e);
    }
    // AUTO_SERVER lets a second process (the CLI) open the file through a TCP server started by
    // the first. H2 binds that server to every interface unless told otherwise: keep it on
    // loopback, since only processes on this machine share a data directory.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
    String name = FILE_NAME.substring(0, FILE_NAME.length() - ".mv.db".length());
    HikariConfig config = new HikariConfig();
    config.setPoolName("steward-h2");
    config.setJdbcUrl("jdbc:h2:file:" + dir.resolve(name) + ";AUTO_SERVER=TRUE");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    HikariDataSource dataSource = Pools.start(config, "H2 database in " + dir);
    Pools.migrate(dataSource, new Migrator("h2", MIGRATIONS, InstantSource.system()));
    return new H2Storage(dir.resolve(FILE_NAME), dataSource);
  }

  /**
   * Creates the data directory readable by its owner only where the file system has POSIX
   * permissions: it holds key hashes, the ledger, and H2's lock file with the key to the database's
   * auto-server port.
   */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public String toString() {
    return "H2Storage[" + file + "]";
  }
}
