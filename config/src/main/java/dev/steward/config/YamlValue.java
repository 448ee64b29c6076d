package dev.steward.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One node of the YAML tree and its key path. The typed readers return {@code null} after recording
 * a problem when the node is not of the expected kind, so binding goes on and every problem of a
 * file is reported at once.
 */
final class YamlValue {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int SHOWN_CHARACTERS = 60;

  private final Node node;
  private final @Nullable Node key;
  private final String path;
  private final Problems problems;

  YamlValue(Node node, String path, Problems problems) {
    this(node, null, path, problems);
  }

  private YamlValue(Node node, @Nullable Node key, String path, Problems problems) {
    this.node = node;
    this.key = key;
    this.path = path;
    this.problems = problems;
  }

  /** Records a problem at this value's key (at the value when it has no key). */
  void keyProblem(String message) {
    problems.at(key == null ? node : key, path, message);
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  Problems problems() {
    return problems;
  }

  /** Records a problem at this node. */
  void problem(String message) {
    problems.at(node, path, message);
  }

  /** Records "{@code <this value>} (expected: {@code expected})". */
  void invalid(String expected) {
    problem(describe() + " (expected: " + expected + ")");
  }

  /** The value as messages show it: strings quoted, other scalars as written, else its kind. */
  String describe() {
    return switch (node) {
      case ScalarNode s when s.getTag().equals(Tag.NULL) -> "null";
      case ScalarNode s when s.getTag().equals(Tag.STR) -> "'" + shorten(s.getValue()) + "'";
      case ScalarNode s -> shorten(s.getValue());
      case MappingNode m -> m.getValue().isEmpty() ? "an empty mapping" : "a mapping";
      case SequenceNode q -> q.getValue().isEmpty() ? "an empty list" : "a list";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String shorten(String text) {
    String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
    return oneLine.length() <= SHOWN_CHARACTERS
        ? oneLine
        : oneLine.substring(0, SHOWN_CHARACTERS) + "...";
  }

  private @Nullable String scalar(Tag tag) {
    if (node instanceof ScalarNode s && s.getTag().equals(tag)) {
      return s.getValue();
    }
    return null;
  }

  /** A non-blank string. */
  @Nullable String string() {
    String s = scalar(Tag.STR);
    if (s == null || s.isBlank()) {
      invalid("a non-empty string");
      return null;
    }
    return s;
  }

  /** A string matching {@code pattern} in full. */
  @Nullable String matching(Pattern pattern, String expected) {
    String s = scalar(Tag.STR);
    if (s == null || !pattern.matcher(s).matches()) {
      invalid(expected);
      return null;
    }
    return s;
  }

  /** A string, number or boolean, as its text (header values and model options). */
  @Nullable String scalarText() {
    if (node instanceof ScalarNode s
        && (s.getTag().equals(Tag.STR)
            || s.getTag().equals(Tag.INT)
            || s.getTag().equals(Tag.FLOAT)
            || s.getTag().equals(Tag.BOOL))) {
      return s.getValue();
    }
    invalid("a string, number or boolean");
    return null;
  }

  /** An integer within {@code min..max}. */
  @Nullable Long integer(long min, long max) {
    String s = scalar(Tag.INT);
    if (s == null) {
      invalid("an integer");
      return null;
    }
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      invalid(range(min, max));
      return null;
    }
    if (n < min || n > max) {
      invalid(range(min, max));
      return null;
    }
    return n;
  }

  private static String range(long min, long max) {
    return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
  }

  /** A number that is zero or more. */
  @Nullable BigDecimal decimal() {
    String s = scalar(Tag.INT);
    if (s == null) {
      s = scalar(Tag.FLOAT);
    }
    BigDecimal n = null;
    if (s != null) {
      try {
        n = new BigDecimal(s);
      } catch (NumberFormatException e) {
        n = null;
      }
    }
    if (n == null || n.signum() < 0) {
      invalid("a number >= 0");
      return null;
    }
    return n;
  }

  /** A finite number, of either sign. */
  @Nullable Double finite() {
    String s = scalar(Tag.INT);
    if (s == null) {
      s = scalar(Tag.FLOAT);
    }
    Double n = null;
    if (s != null) {
      try {
        n = new BigDecimal(s).doubleValue();
      } catch (NumberFormatException e) {
        n = null;
      }
    }
    if (n == null || !Double.isFinite(n)) {
      invalid("a number");
      return null;
    }
    return n;
  }

  /** {@code true} or {@code false}. */
  @Nullable Boolean bool() {
    String s = scalar(Tag.BOOL);
    if (s == null) {
      invalid("true or false");
      return null;
    }
    return Boolean.parseBoolean(s);
  }

  /** A duration; with {@code positive}, zero is refused too. */
  @Nullable Duration duration(boolean positive) {
    String s = scalar(Tag.STR);
    Duration d = s == null ? null : Units.durationOrNull(s);
    if (d == null) {
      invalid(Units.DURATION_EXPECTED);
      return null;
    }
    if (positive && d.isZero()) {
      invalid("a duration > 0");
      return null;
    }
    return d;
  }

  /** A size in bytes, at least 1: an integer, or a string with a KiB, MiB or GiB suffix. */
  @Nullable Long bytes() {
    Long n = null;
    String integer = scalar(Tag.INT);
    if (integer != null) {
      try {
        n = Long.parseLong(integer);
      } catch (NumberFormatException e) {
        n = null;
      }
    } else {
      String s = scalar(Tag.STR);
      n = s == null ? null : Units.bytesOrNull(s);
    }
    if (n == null || n < 1) {
      invalid(Units.SIZE_EXPECTED);
      return null;
    }
    return n;
  }

  /** One of the named values; names are listed in the message in the map's order. */
  <E> @Nullable E oneOf(Map<String, E> byName) {
    String s = scalar(Tag.STR);
    E value = s == null ? null : byName.get(s);
    if (value == null) {
      invalid("one of " + String.join(", ", byName.keySet()));
    }
    return value;
  }

  /**
   * A reference to a secret, {@code {env: NAME}} or {@code {file: PATH}}; relative paths resolve
   * against {@code baseDir}. The value itself is never shown in messages.
   */
  @Nullable Secret secret(Path baseDir) {
    if (node instanceof ScalarNode) {
      problem(
          "secrets must come from the environment or a file (expected: {env: NAME} or {file:"
              + " PATH})");
      return null;
    }
    YamlMap m = map(List.of("env", "file"));
    if (m == null) {
      return null;
    }
    YamlValue env = m.get("env");
    YamlValue file = m.get("file");
    if ((env == null) == (file == null)) {
      problem(
          "a mapping with "
              + (env == null ? "neither" : "both")
              + " env and file"
              + " (expected: exactly one of env, file)");
      return null;
    }
    if (env != null) {
      String name = env.matching(ENV_NAME, "an environment variable name");
      return name == null ? null : new Secret.Env(name);
    }
    String p = file == null ? null : file.string();
    return p == null ? null : new Secret.File(baseDir.resolve(p).normalize());
  }

  /** A mapping with a fixed set of keys; other keys are reported, with a suggestion. */
  @Nullable YamlMap map(List<String> keys) {
    return fixedMap(keys, "key");
  }

  /** The top-level mapping: like {@link #map} but unknown keys are listed as sections. */
  @Nullable YamlMap sections(List<String> keys) {
    return fixedMap(keys, "section");
  }

  private @Nullable YamlMap fixedMap(List<String> keys, String noun) {
    Map<String, Entry> entries = entries();
    if (entries == null) {
      return null;
    }
    Map<String, YamlValue> known = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      String name = e.getKey();
      if (keys.contains(name)) {
        known.put(name, e.getValue().value());
        continue;
      }
      String suggestion = Suggestions.closest(name, keys);
      String keyPath = child(name);
      String message;
      if (noun.equals("section")) {
        message =
            "unknown section (expected: one of "
                + String.join(", ", keys)
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
                + ")";
      } else {
        message =
            suggestion == null
                ? "unknown key (expected: one of " + String.join(", ", keys) + ")"
                : "unknown key (did you mean '" + suggestion + "'?)";
      }
      problems.at(e.getValue().key(), keyPath, message);
    }
    return new YamlMap(this, known);
  }

  /**
   * A mapping whose keys are ids matching {@code idPattern}; keys that do not match are reported
   * and left out.
   */
  @Nullable Map<String, YamlValue> byId(Pattern idPattern, String idExpected) {
    Map<String, Entry> entries = entries();
    if (entries == null) {
      return null;
    }
    Map<String, YamlValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (idPattern.matcher(e.getKey()).matches()) {
        out.put(e.getKey(), e.getValue().value());
      } else {
        problems.at(
            e.getValue().key(),
            child(e.getKey()),
            "'" + shorten(e.getKey()) + "' (expected: " + idExpected + ")");
      }
    }
    return out;
  }

  /** A list. */
  @Nullable List<YamlValue> list() {
    if (!(node instanceof SequenceNode q)) {
      invalid("a list");
      return null;
    }
    List<YamlValue> out = new ArrayList<>();
    List<Node> items = q.getValue();
    for (int i = 0; i < items.size(); i++) {
      out.add(new YamlValue(items.get(i), path + "[" + i + "]", problems));
    }
    return out;
  }

  String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private record Entry(Node key, YamlValue value) {}

  /** The entries of a mapping in file order; duplicate and non-scalar keys are reported. */
  private @Nullable Map<String, Entry> entries() {
    if (!(node instanceof MappingNode m)) {
      invalid("a mapping");
      return null;
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node keyNode = t.getKeyNode();
      if (!(keyNode instanceof ScalarNode k)
          || k.getTag().equals(Tag.NULL)
          || k.getValue().isEmpty()) {
        problems.at(
            keyNode,
            path,
            new YamlValue(keyNode, path, problems).describe() + " as a key (expected: a name)");
        continue;
      }
      String name = k.getValue();
      Entry first = out.get(name);
      if (first != null) {
        int line = first.key().getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
        problems.at(keyNode, child(name), "duplicate key (first defined on line " + line + ")");
        continue;
      }
      out.put(
          name,
          new Entry(keyNode, new YamlValue(t.getValueNode(), keyNode, child(name), problems)));
    }
    return out;
  }
}
