package dev.steward.cli;

import dev.steward.config.StewardConfig;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where Steward keeps its state: {@code --data-dir}, else {@code STEWARD_DATA_DIR}, else the
 * configuration's {@code data-dir}, else {@code $XDG_DATA_HOME/steward} (by default {@code
 * ~/.local/share/steward}).
 */
final class DataDir {
  private DataDir() {}

  static Path resolve(
      @Nullable Path option, Map<String, String> env, @Nullable StewardConfig config) {
    if (option != null) {
      return option.toAbsolutePath();
    }
    String fromEnv = env.get("STEWARD_DATA_DIR");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    if (config != null && config.dataDir() != null) {
      return Path.of(config.dataDir()).toAbsolutePath();
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("steward").toAbsolutePath();
  }
}
