package dev.steward.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A reference to a secret kept outside the configuration file: an environment variable or a file.
 * {@link #toString()} never shows the value.
 */
public sealed interface Secret {

  /** Reads the secret now; fails with a message naming the variable or file, not the value. */
  String resolve(Map<String, String> environment);

  /** An environment variable. */
  record Env(String variable) implements Secret {
    public Env {
      Objects.requireNonNull(variable, "variable");
    }

    @Override
    public String resolve(Map<String, String> environment) {
      String value = environment.get(variable);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("environment variable " + variable + " is not set");
      }
      return value.strip();
    }
  }

  /** A file whose content (trimmed) is the secret. */
  record File(Path path) implements Secret {
    public File {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String resolve(Map<String, String> environment) {
      try {
        return Files.readString(path, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("secret file " + path + " cannot be read: " + e, e);
      }
    }
  }
}
