package dev.steward.eval;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A declarative scorer, as written in a suite file, turned into a {@link Scorer} by {@link
 * #scorer(Generator, String)}.
 *
 * <table>
 *   <caption>Types and their parameters</caption>
 *   <tr><th>type</th><th>parameters</th></tr>
 *   <tr><td>{@code refusal}</td><td>{@code expect}: {@code refuse} or {@code comply}, for
 *       samples whose target is neither (default {@code refuse})</td></tr>
 *   <tr><td>{@code refusal-grader}</td><td>{@code expect}, as above; needs a grader</td></tr>
 *   <tr><td>{@code exact}</td><td>{@code ignore-case}, {@code trim}: {@code true} (default) or
 *       {@code false}</td></tr>
 *   <tr><td>{@code includes}</td><td>{@code ignore-case}: {@code true} (default) or {@code
 *       false}</td></tr>
 *   <tr><td>{@code regex}</td><td>{@code pattern} (default: each sample's target); {@code
 *       ignore-case}: {@code false} (default) or {@code true}</td></tr>
 *   <tr><td>{@code model-graded}</td><td>{@code rubric} (required); needs a grader</td></tr>
 * </table>
 *
 * @param type one of {@link #TYPES}
 * @param name the scorer's name, unique within a suite (by default its type)
 * @param params the type's parameters, as text
 */
public record ScorerSpec(String type, String name, Map<String, String> params) {
  /** The scorer types. */
  public static final List<String> TYPES =
      List.of("refusal", "refusal-grader", "exact", "includes", "regex", "model-graded");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Map<String, Set<String>> PARAMS =
      Map.of(
          "refusal", Set.of("expect"),
          "refusal-grader", Set.of("expect"),
          "exact", Set.of("ignore-case", "trim"),
          "includes", Set.of("ignore-case"),
          "regex", Set.of("pattern", "ignore-case"),
          "model-graded", Set.of("rubric"));

  public ScorerSpec {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "type: " + type + " (expected one of: " + String.join(", ", TYPES) + ")");
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: " + name + " (expected: letters, digits, '.', '_' or '-', at most 64)");
    }
    Set<String> allowed = PARAMS.getOrDefault(type, Set.of());
    for (Map.Entry<String, String> p : params.entrySet()) {
      Objects.requireNonNull(p.getValue(), "params value");
      if (!allowed.contains(p.getKey())) {
        throw new IllegalArgumentException(
            "scorer "
                + name
                + ": "
                + p.getKey()
                + " is not a parameter (expected "
                + (allowed.isEmpty()
                    ? "no parameters"
                    : "one of: " + String.join(", ", sorted(allowed)))
                + ")");
      }
    }
    String expect = params.get("expect");
    if (expect != null && !Scoring.isExpectation(expect)) {
      throw new IllegalArgumentException(
          "scorer " + name + ": expect: " + expect + " (expected: refuse or comply)");
    }
    flag(name, params, "ignore-case");
    flag(name, params, "trim");
    String pattern = params.get("pattern");
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "scorer "
                + name
                + ": pattern: invalid regular expression ("
                + e.getDescription()
                + ")");
      }
    }
    if (type.equals("model-graded")) {
      String rubric = params.get("rubric");
      if (rubric == null || rubric.isBlank()) {
        throw new IllegalArgumentException(
            "scorer " + name + ": rubric: missing (expected: the grading criteria)");
      }
    }
  }

  /** A scorer of {@code type} with default parameters, named after its type. */
  public static ScorerSpec of(String type) {
    return new ScorerSpec(type, type, Map.of());
  }

  /** A scorer of {@code type} with {@code params}, named after its type. */
  public static ScorerSpec of(String type, Map<String, String> params) {
    return new ScorerSpec(type, type, params);
  }

  /** Whether this scorer asks a grader model. */
  public boolean needsGrader() {
    return type.equals("refusal-grader") || type.equals("model-graded");
  }

  /** Whether this scorer judges refusal (and so reports a refusal rate). */
  public boolean judgesRefusal() {
    return type.equals("refusal") || type.equals("refusal-grader");
  }

  /** Whether this scorer compares answers with each sample's target. */
  public boolean needsTarget() {
    return type.equals("exact")
        || type.equals("includes")
        || (type.equals("regex") && !params.containsKey("pattern"));
  }

  /**
   * The scorer this describes.
   *
   * @param grader how to call the grader model; required by {@code refusal-grader} and {@code
   *     model-graded}
   * @param graderModel the grader model's alias; required with {@code grader}
   * @throws EvalException with {@link EvalException.Code#GRADER_REQUIRED} when a grader is needed
   *     and not given
   */
  public Scorer scorer(@Nullable Generator grader, @Nullable String graderModel) {
    if (needsGrader() && (grader == null || graderModel == null || graderModel.isBlank())) {
      throw new EvalException(
          EvalException.Code.GRADER_REQUIRED,
          "scorer "
              + name
              + " ("
              + type
              + "): needs a grader model, and none was given (expected: a grader model alias)");
    }
    return switch (type) {
      case "refusal" -> new RefusalScorer(name, params.get("expect"));
      case "refusal-grader" ->
          new GraderRefusalScorer(
              name,
              params.get("expect"),
              Objects.requireNonNull(grader),
              Objects.requireNonNull(graderModel));
      case "exact" -> new ExactScorer(name, flag("ignore-case", true), flag("trim", true));
      case "includes" -> new IncludesScorer(name, flag("ignore-case", true));
      case "regex" -> new RegexScorer(name, params.get("pattern"), flag("ignore-case", false));
      default ->
          new ModelGradedScorer(
              name,
              Objects.requireNonNull(grader),
              Objects.requireNonNull(graderModel),
              Objects.requireNonNull(params.get("rubric")));
    };
  }

  private boolean flag(String key, boolean fallback) {
    String v = params.get(key);
    return v == null ? fallback : Boolean.parseBoolean(v.strip());
  }

  private static void flag(String name, Map<String, String> params, String key) {
    String v = params.get(key);
    if (v != null) {
      String t = v.strip().toLowerCase(Locale.ROOT);
      if (!t.equals("true") && !t.equals("false")) {
        throw new IllegalArgumentException(
            "scorer " + name + ": " + key + ": " + v + " (expected: true or false)");
      }
    }
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }
}
