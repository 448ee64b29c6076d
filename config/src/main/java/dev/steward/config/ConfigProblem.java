package dev.steward.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, where it is and what was expected.
 *
 * @param file the file as it was named to the loader
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when the problem concerns the whole file
 * @param path the dotted key path, e.g. {@code providers.openai.protocol}; empty for syntax errors
 * @param message what is wrong, naming the value and the expectation
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {
  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** {@code file:line:column: path: message}, the form editors and terminals link to. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
