package dev.steward.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where Steward's durable state (keys, ledger, audit outbox) lives ({@code storage}).
 *
 * @param kind {@code embedded} (an H2 file in the data directory, the default) or {@code postgres}
 * @param url for {@code postgres}: the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user for {@code postgres}: the database user
 * @param password for {@code postgres}: the user's password, if the server asks for one
 */
public record StorageConfig(
    Kind kind, @Nullable String url, @Nullable String user, @Nullable Secret password) {

  /** The storage implementations. */
  public enum Kind {
    EMBEDDED,
    POSTGRES
  }

  public StorageConfig {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.POSTGRES) {
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "url: "
                + (url == null ? "missing" : "'" + redact(url) + "'")
                + " (expected: jdbc:postgresql://host:port/database for kind postgres)");
      }
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("user: missing (expected: a database user)");
      }
    } else if (url != null || user != null || password != null) {
      throw new IllegalArgumentException(
          "url, user, password: set (expected: only with kind postgres)");
    }
  }

  /** The embedded default. */
  public static StorageConfig embedded() {
    return new StorageConfig(Kind.EMBEDDED, null, null, null);
  }

  /** The URL without any password in its query. */
  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
