package dev.steward.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.inspect.InspectLogException.Code;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value being read, with where it is: the file (or archive entry) and the JSON path. Every
 * problem is reported as {@code source: path: what (expected: what)}, naming kinds of values but
 * never quoting a log's text.
 */
final class Node {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String source;
  private final String path;
  private final JsonNode json;

  private Node(String source, String path, JsonNode json) {
    this.source = source;
    this.path = path;
    this.json = json;
  }

  static Node root(String source, JsonNode json) {
    return new Node(source, "$", json);
  }

  String path() {
    return path;
  }

  JsonNode json() {
    return json;
  }

  InspectLogException malformed(String problem) {
    return fail(Code.MALFORMED, problem);
  }

  InspectLogException fail(Code code, String problem) {
    return new InspectLogException(code, source + ": " + path + ": " + problem);
  }

  InspectLogException malformed(String problem, Throwable cause) {
    return new InspectLogException(Code.MALFORMED, source + ": " + path + ": " + problem, cause);
  }

  private InspectLogException wrongType(String expected) {
    return malformed(Json.describe(json) + " (expected: " + expected + ")");
  }

  /** A member that must be present and not null. */
  Node field(String name, String expected) {
    Node child = optional(name);
    if (child == null) {
      throw new Node(source, childPath(name), json)
          .malformed("missing (expected: " + expected + ")");
    }
    return child;
  }

  /** A member, or null when it is absent or JSON null. */
  @Nullable Node optional(String name) {
    JsonNode child = object().get(name);
    return child == null || child.isNull() ? null : new Node(source, childPath(name), child);
  }

  private String childPath(String name) {
    return PLAIN_KEY.matcher(name).matches()
        ? path + "." + name
        : path + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  ObjectNode object() {
    if (json instanceof ObjectNode o) {
      return o;
    }
    throw wrongType("an object");
  }

  /** An object's members, in order. */
  List<Map.Entry<String, Node>> members() {
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : object().properties()) {
      out.add(Map.entry(e.getKey(), new Node(source, childPath(e.getKey()), e.getValue())));
    }
    return out;
  }

  List<Node> elements() {
    if (!json.isArray()) {
      throw wrongType("an array");
    }
    List<Node> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(source, path + "[" + i + "]", json.get(i)));
    }
    return out;
  }

  String string() {
    if (!json.isTextual()) {
      throw wrongType("a string");
    }
    return json.textValue();
  }

  long longValue() {
    if (!json.isIntegralNumber()) {
      throw wrongType("an integer");
    }
    if (!json.canConvertToLong()) {
      throw malformed("an integer beyond 64 bits (expected: a 64-bit integer)");
    }
    return json.longValue();
  }

  int intValue() {
    if (!json.isIntegralNumber()) {
      throw wrongType("an integer");
    }
    if (!json.canConvertToInt()) {
      throw malformed("an integer beyond 32 bits (expected: a 32-bit integer)");
    }
    return json.intValue();
  }

  double number() {
    if (!json.isNumber()) {
      throw wrongType("a number");
    }
    return json.doubleValue();
  }

  boolean bool() {
    if (!json.isBoolean()) {
      throw wrongType("a boolean");
    }
    return json.booleanValue();
  }

  /** An id that Inspect types {@code int | str}: an integer's decimal digits, or the string. */
  String id() {
    if (json.isIntegralNumber()) {
      return json.bigIntegerValue().toString();
    }
    if (json.isTextual()) {
      return json.textValue();
    }
    throw wrongType("an integer or a string");
  }

  /** Strings, or one string as a list of one. */
  List<String> stringOrStrings() {
    if (json.isTextual()) {
      return List.of(json.textValue());
    }
    if (!json.isArray()) {
      throw wrongType("a string or an array of strings");
    }
    return elements().stream().map(Node::string).toList();
  }

  /** An ISO-8601 date-time with an offset; Inspect's empty string (not yet known) as null. */
  @Nullable OffsetDateTime timeOrEmpty() {
    String text = string();
    return text.isEmpty() ? null : time();
  }

  OffsetDateTime time() {
    try {
      return OffsetDateTime.parse(string(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw malformed(
          "a string that is not a date-time with an offset"
              + " (expected: ISO-8601, e.g. 2025-07-05T09:59:48-04:00)",
          e);
    }
  }

  /**
   * Builds a record from this node's values: a value the record rejects is reported at this node's
   * path.
   */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
      throw malformed(String.valueOf(e.getMessage()), e);
    }
  }
}
