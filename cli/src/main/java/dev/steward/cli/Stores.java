package dev.steward.cli;

import dev.steward.config.Secret;
import dev.steward.config.StewardConfig;
import dev.steward.config.StorageConfig;
import dev.steward.store.H2Storage;
import dev.steward.store.PostgresStorage;
import dev.steward.store.Storage;
import dev.steward.store.StorageException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Opens the storage a configuration names: embedded in the data directory, or PostgreSQL. */
final class Stores {
  private Stores() {}

  static Storage open(@Nullable StewardConfig cfg, Path dataDir, Map<String, String> env) {
    StorageConfig storage = cfg == null ? StorageConfig.embedded() : cfg.storage();
    return switch (storage.kind()) {
      case EMBEDDED -> H2Storage.open(dataDir);
      case POSTGRES -> {
        Secret password = storage.password();
        String url = storage.url();
        String user = storage.user();
        if (url == null || user == null) {
          throw new IllegalStateException("storage: postgres without url or user");
        }
        try {
          yield PostgresStorage.open(url, user, password == null ? null : password.resolve(env));
        } catch (StorageException e) {
          throw new CliException(ExitCode.FAILURE, "storage: " + e.getMessage());
        }
      }
    };
  }
}
