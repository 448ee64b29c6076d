package dev.steward.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Test helpers: parse text as {@code steward.yaml} and collect the problems. */
final class Yaml {
  static final Path FILE = Path.of("steward.yaml");

  /** A valid minimal file; cases add to it. Lines 1-9. */
  static final String MINIMAL =
      """
      providers:
        p:
          protocol: sandbox
          residency: UK
          max-classification: OFFICIAL
      models:
        m:
          routes:
            - {provider: p, model: x}
      """;

  private Yaml() {}

  static StewardConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, FILE, Map.of());
  }

  /** The problems as {@code file:line:column: path: message} lines; empty when it loads. */
  static List<String> problems(String yaml) {
    try {
      parse(yaml);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(ConfigProblem::toString).toList();
    }
  }
}
