package dev.steward.sandbox;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON Schema validator for the keywords {@link SchemaValues} generates for, used to choose
 * among candidate values. It is lenient where it cannot judge: unresolvable references, unknown
 * keywords, formats and patterns Java cannot compile count as satisfied.
 */
final class SchemaCheck {
  private static final int MAX_DEPTH = 64;

  private final JsonNode root;
  private final Map<String, Optional<Pattern>> patterns = new HashMap<>();

  SchemaCheck(JsonNode root) {
    this.root = root;
  }

  /** The schema a local reference ({@code #}, {@code #/$defs/x}, ...) points at, if any. */
  static @Nullable JsonNode resolve(JsonNode root, String ref) {
    if (!ref.startsWith("#")) {
      return null;
    }
    String pointer = percentDecode(ref.substring(1));
    if (pointer.isEmpty()) {
      return root;
    }
    if (!pointer.startsWith("/")) {
      return null;
    }
    try {
      JsonNode target = root.at(JsonPointer.compile(pointer));
      return target.isMissingNode() ? null : target;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  boolean valid(JsonNode schema, JsonNode value) {
    return valid(schema, value, 0);
  }

  /** Whether a string matches a pattern the JSON Schema way (anywhere in the string). */
  boolean matches(String pattern, String text) {
    Optional<Pattern> p =
        patterns.computeIfAbsent(
            pattern,
            k -> {
              try {
                return Optional.of(Pattern.compile(k));
              } catch (PatternSyntaxException e) {
                return Optional.empty();
              }
            });
    return p.isEmpty() || p.get().matcher(text).find();
  }

  private boolean valid(JsonNode schema, JsonNode v, int depth) {
    if (schema.isBoolean()) {
      return schema.booleanValue();
    }
    if (!schema.isObject() || depth > MAX_DEPTH) {
      return true;
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      JsonNode target = resolve(root, ref.textValue());
      if (target != null && !valid(target, v, depth + 1)) {
        return false;
      }
    }
    return typeOk(schema.get("type"), v)
        && enumOk(schema, v)
        && combinatorsOk(schema, v, depth)
        && (!v.isObject() || objectOk(schema, v, depth))
        && (!v.isArray() || arrayOk(schema, v, depth))
        && (!v.isTextual() || stringOk(schema, v.textValue()))
        && (!v.isNumber() || numberOk(schema, v.decimalValue()));
  }

  private static boolean typeOk(@Nullable JsonNode type, JsonNode v) {
    if (type == null) {
      return true;
    }
    if (type.isTextual()) {
      return hasType(type.textValue(), v);
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (t.isTextual() && hasType(t.textValue(), v)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  static boolean hasType(String type, JsonNode v) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "boolean" -> v.isBoolean();
      case "null" -> v.isNull();
      case "number" -> v.isNumber();
      case "integer" -> v.isNumber() && isIntegral(v.decimalValue());
      default -> true;
    };
  }

  static boolean isIntegral(BigDecimal d) {
    return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static boolean enumOk(JsonNode schema, JsonNode v) {
    JsonNode constant = schema.get("const");
    if (constant != null && !same(constant, v)) {
      return false;
    }
    JsonNode values = schema.get("enum");
    if (values != null && values.isArray()) {
      for (JsonNode e : values) {
        if (same(e, v)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  /** JSON equality: numbers compare by value, so {@code 1} equals {@code 1.0}. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !same(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private boolean combinatorsOk(JsonNode schema, JsonNode v, int depth) {
    JsonNode allOf = schema.get("allOf");
    if (allOf != null && allOf.isArray()) {
      for (JsonNode s : allOf) {
        if (!valid(s, v, depth + 1)) {
          return false;
        }
      }
    }
    JsonNode anyOf = schema.get("anyOf");
    if (anyOf != null && anyOf.isArray() && !anyOf.isEmpty()) {
      boolean any = false;
      for (JsonNode s : anyOf) {
        if (valid(s, v, depth + 1)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    JsonNode oneOf = schema.get("oneOf");
    if (oneOf != null && oneOf.isArray()) {
      int count = 0;
      for (JsonNode s : oneOf) {
        if (valid(s, v, depth + 1)) {
          count++;
        }
      }
      if (count != 1) {
        return false;
      }
    }
    JsonNode not = schema.get("not");
    if (not != null && valid(not, v, depth + 1)) {
      return false;
    }
    JsonNode ifSchema = schema.get("if");
    if (ifSchema != null) {
      JsonNode branch = valid(ifSchema, v, depth + 1) ? schema.get("then") : schema.get("else");
      if (branch != null && !valid(branch, v, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private boolean objectOk(JsonNode schema, JsonNode v, int depth) {
    JsonNode properties = schema.get("properties");
    JsonNode patternProperties = schema.get("patternProperties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : v.properties()) {
      String name = field.getKey();
      boolean covered = false;
      if (properties != null && properties.has(name)) {
        covered = true;
        if (!valid(properties.get(name), field.getValue(), depth + 1)) {
          return false;
        }
      }
      if (patternProperties != null && patternProperties.isObject()) {
        for (Map.Entry<String, JsonNode> pp : patternProperties.properties()) {
          if (matches(pp.getKey(), name)) {
            covered = true;
            if (!valid(pp.getValue(), field.getValue(), depth + 1)) {
              return false;
            }
          }
        }
      }
      if (!covered && additional != null && !valid(additional, field.getValue(), depth + 1)) {
        return false;
      }
    }
    JsonNode required = schema.get("required");
    if (required != null && required.isArray()) {
      for (JsonNode r : required) {
        if (r.isTextual() && !v.has(r.textValue())) {
          return false;
        }
      }
    }
    return withinCount(v.size(), schema.get("minProperties"), schema.get("maxProperties"));
  }

  private boolean arrayOk(JsonNode schema, JsonNode v, int depth) {
    List<JsonNode> prefix = new ArrayList<>();
    JsonNode rest = null;
    JsonNode items = schema.get("items");
    JsonNode prefixItems = schema.get("prefixItems");
    if (prefixItems != null && prefixItems.isArray()) {
      prefixItems.forEach(prefix::add);
      rest = items;
    } else if (items != null && items.isArray()) {
      items.forEach(prefix::add);
      rest = schema.get("additionalItems");
    } else {
      rest = items;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode s = i < prefix.size() ? prefix.get(i) : rest;
      if (s != null && !valid(s, v.get(i), depth + 1)) {
        return false;
      }
    }
    JsonNode contains = schema.get("contains");
    if (contains != null) {
      boolean found = false;
      for (JsonNode item : v) {
        if (valid(contains, item, depth + 1)) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    JsonNode unique = schema.get("uniqueItems");
    if (unique != null && unique.asBoolean(false)) {
      for (int i = 0; i < v.size(); i++) {
        for (int j = i + 1; j < v.size(); j++) {
          if (same(v.get(i), v.get(j))) {
            return false;
          }
        }
      }
    }
    return withinCount(v.size(), schema.get("minItems"), schema.get("maxItems"));
  }

  private boolean stringOk(JsonNode schema, String s) {
    int length = s.codePointCount(0, s.length());
    if (!withinCount(length, schema.get("minLength"), schema.get("maxLength"))) {
      return false;
    }
    JsonNode pattern = schema.get("pattern");
    return pattern == null || !pattern.isTextual() || matches(pattern.textValue(), s);
  }

  private static boolean withinCount(int count, @Nullable JsonNode min, @Nullable JsonNode max) {
    return (min == null || !min.isNumber() || count >= min.asDouble())
        && (max == null || !max.isNumber() || count <= max.asDouble());
  }

  private static boolean numberOk(JsonNode schema, BigDecimal d) {
    JsonNode min = schema.get("minimum");
    JsonNode max = schema.get("maximum");
    JsonNode exMin = schema.get("exclusiveMinimum");
    JsonNode exMax = schema.get("exclusiveMaximum");
    if (min != null && min.isNumber()) {
      int c = d.compareTo(min.decimalValue());
      if (c < 0 || (c == 0 && exMin != null && exMin.isBoolean() && exMin.booleanValue())) {
        return false;
      }
    }
    if (max != null && max.isNumber()) {
      int c = d.compareTo(max.decimalValue());
      if (c > 0 || (c == 0 && exMax != null && exMax.isBoolean() && exMax.booleanValue())) {
        return false;
      }
    }
    if (exMin != null && exMin.isNumber() && d.compareTo(exMin.decimalValue()) <= 0) {
      return false;
    }
    if (exMax != null && exMax.isNumber() && d.compareTo(exMax.decimalValue()) >= 0) {
      return false;
    }
    JsonNode multipleOf = schema.get("multipleOf");
    if (multipleOf != null && multipleOf.isNumber() && multipleOf.decimalValue().signum() > 0) {
      return d.remainder(multipleOf.decimalValue()).signum() == 0;
    }
    return true;
  }
}
