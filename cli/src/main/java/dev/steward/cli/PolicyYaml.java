package dev.steward.cli;

import dev.steward.config.ConfigProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * YAML read with positions, for {@code steward policy}: where a key path of a configuration file is
 * (lint warnings), and a cases file read with each problem's line and column, reported as {@link
 * ConfigProblem}s so that they look like the configuration's own.
 *
 * <p>One instance collects the problems of one file. The readers record a problem and return {@code
 * null} when a value is not of the expected kind, so every problem of a file is reported at once.
 */
final class PolicyYaml {
  /** The largest file read, as for configuration files. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final int MAX_COLLECTION_ALIASES = 10;
  private static final int SHOWN_CHARACTERS = 60;

  private final String file;
  private final List<ConfigProblem> problems = new ArrayList<>();

  PolicyYaml(String file) {
    this.file = file;
  }

  /** The root node of {@code path}, or {@code null} with a problem recorded. */
  @Nullable Node read(Path path) {
    String text;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        whole("too large: " + size + " bytes (expected: at most " + MAX_FILE_BYTES + ")");
        return null;
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
              .toString();
    } catch (CharacterCodingException e) {
      whole("not valid UTF-8 (expected: a UTF-8 text file)");
      return null;
    } catch (IOException e) {
      whole("cannot be read: " + e);
      return null;
    }
    return compose(text);
  }

  /** The root node of {@code text}, or {@code null} with a problem recorded. */
  @Nullable Node compose(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
            .setCodePointLimit(MAX_FILE_BYTES)
            .setUseMarks(true)
            .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(text);
      if (root.isEmpty()) {
        whole("empty (expected: a mapping)");
        return null;
      }
      return root.get();
    } catch (MarkedYamlEngineException e) {
      String message =
          "invalid YAML: "
              + (e.getContext() == null || e.getContext().isEmpty() ? "" : e.getContext() + "; ")
              + e.getProblem();
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      if (mark.isPresent()) {
        at(mark.get(), "", message);
      } else {
        whole(message);
      }
      return null;
    } catch (YamlEngineException e) {
      whole("invalid YAML: " + e.getMessage());
      return null;
    }
  }

  /** The problems found, by position. */
  List<ConfigProblem> problems() {
    List<ConfigProblem> out = new ArrayList<>(problems);
    out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return out;
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  void problem(Node node, String path, String message) {
    Mark mark = node.getStartMark().orElse(null);
    if (mark == null) {
      problems.add(new ConfigProblem(file, 0, 0, path, message));
    } else {
      at(mark, path, message);
    }
  }

  /** Records "{@code <value>} (expected: {@code expected})" at {@code node}. */
  void invalid(Node node, String path, String expected) {
    problem(node, path, describe(node) + " (expected: " + expected + ")");
  }

  private void at(Mark mark, String path, String message) {
    problems.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, message));
  }

  private void whole(String message) {
    problems.add(new ConfigProblem(file, 0, 0, "", message));
  }

  // --- readers ------------------------------------------------------------------------------

  /**
   * The entries of a mapping whose keys must be among {@code keys}, in file order; other keys are
   * recorded as problems (duplicates are refused by the parser).
   */
  @Nullable Map<String, Node> map(Node node, String path, List<String> keys) {
    if (!(node instanceof MappingNode m)) {
      invalid(node, path, "a mapping");
      return null;
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
      if (key == null || !keys.contains(key)) {
        String shown = key == null ? describe(t.getKeyNode()) : key;
        problem(
            t.getKeyNode(),
            child(path, shown),
            "unknown key (expected: one of " + String.join(", ", keys) + ")");
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  /** A non-blank string. */
  @Nullable String string(Node node, String path) {
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR) && !s.getValue().isBlank()) {
      return s.getValue();
    }
    invalid(node, path, "a non-empty string");
    return null;
  }

  /** A string, which may be empty. */
  @Nullable String text(Node node, String path) {
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
      return s.getValue();
    }
    invalid(node, path, "a string");
    return null;
  }

  /** One of {@code names}, as written. */
  @Nullable String oneOf(Node node, String path, List<String> names) {
    if (node instanceof ScalarNode s
        && s.getTag().equals(Tag.STR)
        && names.contains(s.getValue())) {
      return s.getValue();
    }
    invalid(node, path, "one of " + String.join(", ", names));
    return null;
  }

  /** The items of a list. */
  @Nullable List<Node> list(Node node, String path) {
    if (node instanceof SequenceNode q) {
      return q.getValue();
    }
    invalid(node, path, "a list");
    return null;
  }

  /** A list of non-blank strings; items that are not are recorded and left out. */
  @Nullable List<String> strings(Node node, String path) {
    List<Node> items = list(node, path);
    if (items == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String s = string(items.get(i), path + "[" + i + "]");
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** 1-based line of a node. */
  static int line(Node node) {
    return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** The value as messages show it: strings quoted, other scalars as written, else its kind. */
  static String describe(Node node) {
    return switch (node) {
      case ScalarNode s when s.getTag().equals(Tag.NULL) -> "null";
      case ScalarNode s when s.getTag().equals(Tag.STR) -> "'" + shorten(s.getValue()) + "'";
      case ScalarNode s -> shorten(s.getValue());
      case MappingNode m -> m.getValue().isEmpty() ? "an empty mapping" : "a mapping";
      case SequenceNode q -> q.getValue().isEmpty() ? "an empty list" : "a list";
      default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String shorten(String text) {
    String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
    return oneLine.length() <= SHOWN_CHARACTERS
        ? oneLine
        : oneLine.substring(0, SHOWN_CHARACTERS) + "...";
  }

  // --- positions ----------------------------------------------------------------------------

  /**
   * Where the value at {@code at} (mapping keys as strings, list indexes as integers) starts: a
   * scalar value itself, else the key that introduces it (a block mapping's value starts on a later
   * line). Empty when the path is not in the tree, e.g. a key the file leaves to its default.
   */
  static Optional<Mark> position(Node root, List<Object> at) {
    Node node = root;
    Node key = null;
    for (Object segment : at) {
      key = null;
      Node next = null;
      if (segment instanceof String name && node instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) {
            key = k;
            next = t.getValueNode();
            break;
          }
        }
      } else if (segment instanceof Integer index
          && node instanceof SequenceNode q
          && index >= 0
          && index < q.getValue().size()) {
        next = q.getValue().get(index);
      }
      if (next == null) {
        return Optional.empty();
      }
      node = next;
    }
    Node shown = node instanceof ScalarNode || key == null ? node : key;
    return shown.getStartMark();
  }
}
