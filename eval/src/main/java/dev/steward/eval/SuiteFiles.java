package dev.steward.eval;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads suite files:
 *
 * <pre>{@code
 * name: my-suite
 * description: What it measures
 * dataset:
 *   path: data.csv            # relative to this file
 *   format: csv               # csv|jsonl|xstest|simplesafetytests|harmbench|strongreject|inspect
 *   fields: {input: question, target: answer, category: topic, id: qid, metadata: [source]}
 * solver: {system: "...", template: "{prompt}", max-tokens: 256, temperature: 0, seed: 1, epochs: 1}
 * scorers:
 *   - type: refusal
 *   - {type: regex, pattern: "\\bParis\\b", name: mentions-paris}
 *   - {type: model-graded, rubric: "..."}
 * }</pre>
 *
 * <p>{@code format} may be left out for {@code .csv} files (then {@code csv}) and {@code .jsonl}
 * files ({@code jsonl} with {@code fields}, else {@code inspect}). {@code solver} may be left out
 * ({@link Solver#defaults()}). A scorer's keys other than {@code type} and {@code name} are its
 * parameters ({@link ScorerSpec}). Problems are reported as an {@link EvalException} ({@link
 * EvalException.Code#SUITE_INVALID}, or {@code DATASET_INVALID} for the dataset file) whose message
 * reads {@code file:line: key: what (expected: ...)}.
 */
public final class SuiteFiles {
  /** The largest suite file accepted. */
  static final int MAX_FILE_CHARS = 1024 * 1024;

  private static final Set<String> TOP =
      Set.of("name", "description", "dataset", "solver", "scorers");
  private static final Set<String> DATASET = Set.of("path", "format", "fields", "name");
  private static final Set<String> FIELDS = Set.of("input", "target", "category", "id", "metadata");
  private static final Set<String> SOLVER =
      Set.of("system", "template", "max-tokens", "temperature", "seed", "epochs");

  private SuiteFiles() {}

  /** Loads a suite file; its dataset path is resolved against the file's directory. */
  public static Suite load(Path yamlFile) {
    String label = yamlFile.toString();
    String yaml;
    try {
      if (!Files.isRegularFile(yamlFile)) {
        throw invalid(label + ": not found (expected: a suite YAML file)");
      }
      if (Files.size(yamlFile) > MAX_FILE_CHARS) {
        throw invalid(label + ": too large (expected: at most " + MAX_FILE_CHARS + " bytes)");
      }
      yaml = Files.readString(yamlFile, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw invalid(label + ": not valid UTF-8 (expected: a UTF-8 text file)");
    } catch (IOException e) {
      throw invalid(label + ": cannot be read (" + e.getMessage() + ")");
    }
    Path dir = yamlFile.toAbsolutePath().getParent();
    Path base = dir == null ? Path.of("").toAbsolutePath() : dir;
    return parse(yaml, label, path -> Datasets.Source.of(base.resolve(path)));
  }

  /**
   * Parses suite YAML.
   *
   * @param label the file's name in messages
   * @param datasets finds the dataset named by {@code dataset.path}
   */
  static Suite parse(String yaml, String label, Function<String, Datasets.Source> datasets) {
    return new Reader(label, datasets).suite(compose(yaml, label));
  }

  static EvalException invalid(String message) {
    return new EvalException(EvalException.Code.SUITE_INVALID, message);
  }

  private static Node compose(String yaml, String label) {
    if (yaml.length() > MAX_FILE_CHARS) {
      throw invalid(label + ": too large (expected: at most " + MAX_FILE_CHARS + " characters)");
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(label)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(10)
            .setCodePointLimit(MAX_FILE_CHARS)
            .setUseMarks(true)
            .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(yaml);
      if (root.isEmpty()) {
        throw invalid(label + ": empty (expected: a mapping with name, dataset and scorers)");
      }
      return root.get();
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      String where = mark.map(m -> label + ":" + (m.getLine() + 1)).orElse(label);
      String context =
          e.getContext() == null || e.getContext().isEmpty() ? "" : e.getContext() + "; ";
      throw invalid(where + ": invalid YAML: " + context + e.getProblem());
    } catch (YamlEngineException e) {
      throw invalid(label + ": invalid YAML: " + e.getMessage());
    }
  }

  /** Walks the composed document, keeping the key path for messages. */
  private static final class Reader {
    private final String label;
    private final Function<String, Datasets.Source> datasets;

    Reader(String label, Function<String, Datasets.Source> datasets) {
      this.label = label;
      this.datasets = datasets;
    }

    Suite suite(Node root) {
      Map<String, Node> top = mapping(root, "", "a mapping with name, dataset and scorers", TOP);
      String name = requiredText(top, "name", root, "", "a suite name");
      String description = text(top.get("description"), "description");
      Node datasetNode = top.get("dataset");
      if (datasetNode == null) {
        throw problem(root, "dataset", "missing (expected: a mapping with path and format)");
      }
      Dataset dataset = dataset(datasetNode);
      Solver solver = top.containsKey("solver") ? solver(top.get("solver")) : Solver.defaults();
      Node scorersNode = top.get("scorers");
      if (scorersNode == null) {
        throw problem(
            root, "scorers", "missing (expected: a list of scorers, e.g. - type: refusal)");
      }
      List<ScorerSpec> scorers = scorers(scorersNode);
      try {
        return Suite.of(name, description == null ? "" : description, dataset, solver, scorers);
      } catch (IllegalArgumentException e) {
        throw invalid(label + ": " + e.getMessage());
      }
    }

    private Dataset dataset(Node node) {
      Map<String, Node> map = mapping(node, "dataset", "a mapping with path and format", DATASET);
      String path =
          requiredText(map, "path", node, "dataset.", "a file path, relative to the suite file");
      String format = text(map.get("format"), "dataset.format");
      FieldMapping fields = map.containsKey("fields") ? fields(map.get("fields")) : null;
      if (format == null) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
          format = "csv";
        } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
          format = fields == null ? "inspect" : "jsonl";
        } else {
          throw problem(
              node,
              "dataset.format",
              "missing (expected one of: " + String.join(", ", Datasets.FORMATS) + ")");
        }
      }
      String f = format.toLowerCase(Locale.ROOT);
      Node formatNode = map.getOrDefault("format", node);
      if (!Datasets.FORMATS.contains(f)) {
        throw problem(
            formatNode,
            "dataset.format",
            format + " (expected one of: " + String.join(", ", Datasets.FORMATS) + ")");
      }
      boolean generic = f.equals("csv") || f.equals("jsonl");
      if (generic && fields == null) {
        throw problem(
            node, "dataset.fields", "missing (expected: fields.input at least, for " + f + ")");
      }
      if (!generic && fields != null) {
        throw problem(
            map.getOrDefault("fields", node),
            "dataset.fields",
            "given for format " + f + " (expected: fields only for csv and jsonl)");
      }
      Dataset dataset = Datasets.load(datasets.apply(path), f, fields);
      String name = text(map.get("name"), "dataset.name");
      if (name != null && name.isBlank()) {
        throw problem(map.getOrDefault("name", node), "dataset.name", "blank (expected: a name)");
      }
      return name == null ? dataset : new Dataset(name, dataset.location(), dataset.samples());
    }

    private FieldMapping fields(Node node) {
      Map<String, Node> map =
          mapping(
              node,
              "dataset.fields",
              "a mapping with input, target, category, id, metadata",
              FIELDS);
      String input = requiredText(map, "input", node, "dataset.fields.", "a column name");
      List<String> metadata = new ArrayList<>();
      Node meta = map.get("metadata");
      if (meta instanceof SequenceNode seq) {
        int i = 0;
        for (Node item : seq.getValue()) {
          String v = text(item, "dataset.fields.metadata[" + i++ + "]");
          if (v != null) {
            metadata.add(v);
          }
        }
      } else if (meta != null) {
        String v = text(meta, "dataset.fields.metadata");
        if (v != null) {
          metadata.add(v);
        }
      }
      try {
        return new FieldMapping(
            input,
            text(map.get("target"), "dataset.fields.target"),
            text(map.get("category"), "dataset.fields.category"),
            text(map.get("id"), "dataset.fields.id"),
            metadata);
      } catch (EvalException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw problem(node, "dataset.fields", String.valueOf(e.getMessage()));
      }
    }

    private Solver solver(Node node) {
      if (isNull(node)) {
        return Solver.defaults();
      }
      Map<String, Node> map =
          mapping(node, "solver", "a mapping of system, template, max-tokens, ...", SOLVER);
      String template = text(map.get("template"), "solver.template");
      try {
        return new Solver(
            text(map.get("system"), "solver.system"),
            template == null ? Solver.PROMPT : template,
            integer(map.get("max-tokens"), "solver.max-tokens"),
            decimal(map.get("temperature"), "solver.temperature"),
            whole(map.get("seed"), "solver.seed"),
            map.containsKey("epochs")
                ? java.util.Objects.requireNonNullElse(
                    integer(map.get("epochs"), "solver.epochs"), 1)
                : 1);
      } catch (EvalException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw problem(node, "solver", String.valueOf(e.getMessage()));
      }
    }

    private List<ScorerSpec> scorers(Node node) {
      if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        throw problem(node, "scorers", kind(node) + " (expected: a list of at least one scorer)");
      }
      List<ScorerSpec> out = new ArrayList<>();
      int i = 0;
      for (Node item : seq.getValue()) {
        String key = "scorers[" + i++ + "]";
        Map<String, Node> map = mapping(item, key, "a mapping with type", null);
        String type =
            requiredText(
                map, "type", item, key + ".", "one of " + String.join(", ", ScorerSpec.TYPES));
        String name = text(map.get("name"), key + ".name");
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : map.entrySet()) {
          if (!e.getKey().equals("type") && !e.getKey().equals("name")) {
            String v = text(e.getValue(), key + "." + e.getKey());
            if (v != null) {
              params.put(e.getKey(), v);
            }
          }
        }
        try {
          out.add(new ScorerSpec(type, name == null ? type : name, params));
        } catch (EvalException e) {
          throw e;
        } catch (IllegalArgumentException e) {
          throw problem(item, key, String.valueOf(e.getMessage()));
        }
      }
      return out;
    }

    // --- nodes ---------------------------------------------------------------------------

    private Map<String, Node> mapping(
        Node node, String key, String expected, @Nullable Set<String> allowed) {
      if (!(node instanceof MappingNode m)) {
        throw problem(
            node,
            key.isEmpty() ? "(top level)" : key,
            kind(node) + " (expected: " + expected + ")");
      }
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode ks)) {
          throw problem(k, key, "a " + kind(k) + " key (expected: text keys)");
        }
        String name = ks.getValue();
        if (out.containsKey(name)) {
          throw problem(
              k, key.isEmpty() ? name : key + "." + name, "repeated key (expected: each key once)");
        }
        if (allowed != null && !allowed.contains(name)) {
          throw problem(
              k,
              key.isEmpty() ? name : key + "." + name,
              "unknown key (expected one of: "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ")");
        }
        out.put(name, t.getValueNode());
      }
      return out;
    }

    private String requiredText(
        Map<String, Node> map, String field, Node parent, String prefix, String expected) {
      String v = text(map.get(field), prefix + field);
      if (v == null || v.isBlank()) {
        throw problem(
            map.getOrDefault(field, parent),
            prefix + field,
            "missing (expected: " + expected + ")");
      }
      return v;
    }

    private @Nullable String text(@Nullable Node node, String key) {
      if (node == null || isNull(node)) {
        return null;
      }
      if (!(node instanceof ScalarNode s)) {
        String hint =
            node instanceof MappingNode && key.endsWith("template")
                ? "; quote it, e.g. \"{prompt}\""
                : "";
        throw problem(node, key, kind(node) + " (expected: text" + hint + ")");
      }
      return s.getValue();
    }

    private @Nullable Integer integer(@Nullable Node node, String key) {
      String v = text(node, key);
      if (v == null) {
        return null;
      }
      try {
        return Integer.valueOf(v.strip());
      } catch (NumberFormatException e) {
        throw problem(java.util.Objects.requireNonNull(node), key, v + " (expected: an integer)");
      }
    }

    private @Nullable Long whole(@Nullable Node node, String key) {
      String v = text(node, key);
      if (v == null) {
        return null;
      }
      try {
        return Long.valueOf(v.strip());
      } catch (NumberFormatException e) {
        throw problem(java.util.Objects.requireNonNull(node), key, v + " (expected: an integer)");
      }
    }

    private @Nullable Double decimal(@Nullable Node node, String key) {
      String v = text(node, key);
      if (v == null) {
        return null;
      }
      try {
        double d = Double.parseDouble(v.strip());
        if (!Double.isFinite(d)) {
          throw new NumberFormatException(v);
        }
        return d;
      } catch (NumberFormatException e) {
        throw problem(java.util.Objects.requireNonNull(node), key, v + " (expected: a number)");
      }
    }

    private static boolean isNull(Node node) {
      return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String kind(Node node) {
      if (node instanceof MappingNode) {
        return "a mapping";
      }
      if (node instanceof SequenceNode) {
        return "a list";
      }
      if (isNull(node)) {
        return "nothing";
      }
      return node instanceof ScalarNode s ? "'" + abbreviate(s.getValue()) + "'" : "a node";
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private EvalException problem(Node node, String key, String what) {
      String where = node.getStartMark().map(m -> label + ":" + (m.getLine() + 1)).orElse(label);
      return invalid(where + ": " + key + ": " + what);
    }
  }
}
