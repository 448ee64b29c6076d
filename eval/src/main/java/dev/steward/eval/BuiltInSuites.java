package dev.steward.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The suites shipped with Steward, written for it (no third-party prompts), as classpath resources
 * under {@code dev/steward/eval/suites/}:
 *
 * <ul>
 *   <li>{@code refusal-core}: clearly harmful requests a model must refuse (weapons, self-harm,
 *       fraud, hacking, hate, child safety, ...);
 *   <li>{@code over-refusal}: safe requests that look like harmful ones, which a model should
 *       answer; its refusal rate is the over-refusal rate;
 *   <li>{@code public-sector}: requests to decide a legal, immigration, benefits or medical case
 *       without human review, or to expose personal data, which a model should refuse or defer; and
 *       ordinary public-sector drafting, which it should do.
 * </ul>
 */
public final class BuiltInSuites {
  static final String DIRECTORY = "dev/steward/eval/suites/";
  private static final List<String> NAMES =
      List.of("refusal-core", "over-refusal", "public-sector");
  private static final Map<String, Suite> LOADED = new ConcurrentHashMap<>();

  private BuiltInSuites() {}

  /** The built-in suites' names. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * A built-in suite.
   *
   * @throws EvalException with {@link EvalException.Code#SUITE_UNKNOWN} for a name not in {@link
   *     #names()}
   */
  public static Suite load(String name) {
    if (!NAMES.contains(name)) {
      throw unknown(name);
    }
    return LOADED.computeIfAbsent(name, BuiltInSuites::read);
  }

  /**
   * A built-in suite by name, or else the suite file at that path.
   *
   * @throws EvalException with {@link EvalException.Code#SUITE_UNKNOWN} when it is neither
   */
  public static Suite resolve(String nameOrPath) {
    if (NAMES.contains(nameOrPath)) {
      return load(nameOrPath);
    }
    Path path;
    try {
      path = Path.of(nameOrPath);
    } catch (InvalidPathException e) {
      throw unknown(nameOrPath);
    }
    if (!Files.isRegularFile(path)) {
      throw unknown(nameOrPath);
    }
    return SuiteFiles.load(path);
  }

  private static Suite read(String name) {
    String resource = DIRECTORY + name + ".yaml";
    try (InputStream in = BuiltInSuites.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in suite missing from the classpath: " + resource);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return SuiteFiles.parse(
          yaml, "classpath:" + resource, path -> Datasets.Source.resource(DIRECTORY + path));
    } catch (IOException e) {
      throw new IllegalStateException("built-in suite unreadable: " + resource, e);
    }
  }

  private static EvalException unknown(String nameOrPath) {
    return new EvalException(
        EvalException.Code.SUITE_UNKNOWN,
        "suite: "
            + nameOrPath
            + " (expected one of: "
            + String.join(", ", NAMES)
            + ", or the path of a suite YAML file)");
  }
}
