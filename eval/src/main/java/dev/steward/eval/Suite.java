package dev.steward.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * An evaluation: a dataset, how each sample is asked, and how each answer is scored.
 *
 * @param name a short name, e.g. {@code refusal-core}
 * @param version the first 16 hex digits of the SHA-256 of the suite's canonical content (its
 *     samples, solver and scorers; not its name, description or where the dataset was read from),
 *     so results of a changed suite are told apart from the old one's; {@link #of} computes it
 * @param description what the suite measures (may be empty)
 * @param dataset the samples
 * @param solver how each sample becomes a request
 * @param scorers at least one, with unique names
 */
public record Suite(
    String name,
    String version,
    String description,
    Dataset dataset,
    Solver solver,
    List<ScorerSpec> scorers) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(solver, "solver");
    scorers = List.copyOf(scorers);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: " + name + " (expected: letters, digits, '.', '_' or '-', at most 64)");
    }
    if (scorers.isEmpty()) {
      throw new IllegalArgumentException("scorers: none (expected: at least one)");
    }
    Set<String> names = new HashSet<>();
    for (ScorerSpec s : scorers) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(
            "scorers: name " + s.name() + " repeated (expected: unique names; set name:)");
      }
      checkTargets(dataset, s);
    }
    String expected = version(dataset, solver, scorers);
    if (!version.equals(expected)) {
      throw new IllegalArgumentException(
          "version: " + version + " (expected: the content hash " + expected + ")");
    }
  }

  /** A suite with its version computed from its content. */
  public static Suite of(
      String name, String description, Dataset dataset, Solver solver, List<ScorerSpec> scorers) {
    return new Suite(
        name, version(dataset, solver, scorers), description, dataset, solver, scorers);
  }

  /**
   * The scorers, in order.
   *
   * @throws EvalException with {@link EvalException.Code#GRADER_REQUIRED} when a scorer needs a
   *     grader and none was given
   */
  public List<Scorer> scorers(@Nullable Generator grader, @Nullable String graderModel) {
    List<Scorer> out = new ArrayList<>(scorers.size());
    for (ScorerSpec s : scorers) {
      out.add(s.scorer(grader, graderModel));
    }
    return List.copyOf(out);
  }

  /** The scorers' names, in order. */
  public List<String> scorerNames() {
    return scorers.stream().map(ScorerSpec::name).toList();
  }

  /** Whether some scorer asks a grader model. */
  public boolean needsGrader() {
    return scorers.stream().anyMatch(ScorerSpec::needsGrader);
  }

  private static void checkTargets(Dataset dataset, ScorerSpec s) {
    for (Sample sample : dataset.samples()) {
      String target = sample.target();
      if (s.needsTarget() && target == null) {
        throw new IllegalArgumentException(
            "scorer "
                + s.name()
                + ": sample "
                + sample.id()
                + " has no target (expected: every sample to have one for "
                + s.type()
                + ")");
      }
      if (s.judgesRefusal()
          && !s.params().containsKey("expect")
          && !Scoring.isExpectation(target)) {
        throw new IllegalArgumentException(
            "scorer "
                + s.name()
                + ": sample "
                + sample.id()
                + " has target "
                + (target == null ? "none" : "'" + abbreviate(target) + "'")
                + " (expected: refuse or comply, or set expect: on the scorer)");
      }
      if (s.type().equals("regex") && !s.params().containsKey("pattern") && target != null) {
        try {
          Pattern.compile(target);
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(
              "scorer "
                  + s.name()
                  + ": sample "
                  + sample.id()
                  + " target is not a valid regular expression ("
                  + e.getDescription()
                  + ")");
        }
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /**
   * The suite version: the first 16 hex digits of the SHA-256 of the canonical JSON of the samples,
   * solver and scorers (fields in a fixed order, maps sorted by key, non-ASCII escaped).
   */
  static String version(Dataset dataset, Solver solver, List<ScorerSpec> scorers) {
    return HexFormat.of().formatHex(sha256(canonical(dataset, solver, scorers))).substring(0, 16);
  }

  static byte[] canonical(Dataset dataset, Solver solver, List<ScorerSpec> scorers) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = CANONICAL.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("samples");
      for (Sample s : dataset.samples()) {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("input", s.input());
        g.writeStringField("target", s.target());
        g.writeStringField("category", s.category());
        writeMap(g, "metadata", s.metadata());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("solver");
      g.writeStringField("system", solver.system());
      g.writeStringField("template", solver.template());
      if (solver.maxTokens() == null) {
        g.writeNullField("max-tokens");
      } else {
        g.writeNumberField("max-tokens", solver.maxTokens());
      }
      if (solver.temperature() == null) {
        g.writeNullField("temperature");
      } else {
        g.writeNumberField("temperature", solver.temperature());
      }
      if (solver.seed() == null) {
        g.writeNullField("seed");
      } else {
        g.writeNumberField("seed", solver.seed());
      }
      g.writeNumberField("epochs", solver.epochs());
      g.writeEndObject();
      g.writeArrayFieldStart("scorers");
      for (ScorerSpec s : scorers) {
        g.writeStartObject();
        g.writeStringField("type", s.type());
        g.writeStringField("name", s.name());
        writeMap(g, "params", s.params());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeMap(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
