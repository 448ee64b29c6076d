package dev.steward.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random satisfiable schemas from a small grammar; every generated value must pass an independent
 * validator.
 */
class SchemaValuesPropertyTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> NAMES =
      List.of(
          "city",
          "name",
          "age",
          "count",
          "email",
          "id",
          "price",
          "tags",
          "status",
          "x",
          "value",
          "is_open",
          "latitude",
          "createdAt",
          "items");
  private static final List<String> FORMATS =
      List.of("date", "date-time", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname");
  private static final List<String> PATTERNS =
      List.of(
          "^[a-z]+$",
          "^[A-Z]{2}[0-9]{2,4}$",
          "^\\d{3}-\\d{4}$",
          "^(yes|no)$",
          "[aeiou]",
          "^[a-z0-9_]{3,16}$",
          "^\\w+@\\w+\\.org$",
          "^[^\\s]{2,}$");

  @Property(tries = 400)
  void valueFor_randomSchema_validatesIndependently(@ForAll("schemas") JsonNode schema) {
    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(Schemas.errors(schema, value)).as("schema %s value %s", schema, value).isEmpty();
    assertThat(SchemaValues.valueFor(schema.deepCopy())).isEqualTo(value);
  }

  @Provide
  Arbitrary<JsonNode> schemas() {
    Arbitrary<JsonNode> plain = schema(3).map(s -> s);
    Arbitrary<JsonNode> withDefs =
        Combinators.combine(schema(2), schema(2))
            .as(
                (defined, other) -> {
                  ObjectNode root = NODES.objectNode();
                  root.putObject("$defs").set("item", defined);
                  root.put("type", "object");
                  ObjectNode props = root.putObject("properties");
                  props.putObject("first").put("$ref", "#/$defs/item");
                  props
                      .putObject("list")
                      .put("type", "array")
                      .putObject("items")
                      .put("$ref", "#/$defs/item");
                  props.set("other", other);
                  root.putArray("required").add("first").add("list");
                  return root;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, plain), net.jqwik.api.Tuple.of(1, withDefs));
  }

  private Arbitrary<ObjectNode> schema(int depth) {
    List<Arbitrary<ObjectNode>> options = new ArrayList<>();
    options.add(string());
    options.add(integer());
    options.add(number());
    options.add(Arbitraries.of("boolean", "null").map(t -> NODES.objectNode().put("type", t)));
    options.add(enumOrConst());
    options.add(nullable());
    if (depth > 0) {
      options.add(Arbitraries.lazy(() -> object(depth - 1, true)));
      options.add(Arbitraries.lazy(() -> object(depth - 1, true)));
      options.add(Arbitraries.lazy(() -> array(depth - 1)));
      options.add(Arbitraries.lazy(() -> anyOf(depth - 1)));
      options.add(Arbitraries.lazy(() -> oneOf(depth - 1)));
      options.add(Arbitraries.lazy(() -> allOf(depth - 1)));
    }
    return Arbitraries.oneOf(options);
  }

  private Arbitrary<ObjectNode> string() {
    Arbitrary<ObjectNode> lengths =
        Combinators.combine(
                Arbitraries.integers().between(0, 6),
                Arbitraries.integers().between(0, 12),
                Arbitraries.of(true, false))
            .as(
                (min, extra, bounded) -> {
                  ObjectNode s = NODES.objectNode().put("type", "string");
                  if (min > 0) {
                    s.put("minLength", min);
                  }
                  if (bounded) {
                    s.put("maxLength", min + extra);
                  }
                  return s;
                });
    Arbitrary<ObjectNode> formats =
        Arbitraries.of(FORMATS).map(f -> NODES.objectNode().put("type", "string").put("format", f));
    Arbitrary<ObjectNode> patterns =
        Arbitraries.of(PATTERNS)
            .map(p -> NODES.objectNode().put("type", "string").put("pattern", p));
    return Arbitraries.oneOf(lengths, formats, patterns);
  }

  private Arbitrary<ObjectNode> integer() {
    return Combinators.combine(
            Arbitraries.integers().between(-100, 100).injectNull(0.4),
            Arbitraries.integers().between(0, 60).injectNull(0.4),
            Arbitraries.integers().between(1, 7).injectNull(0.6),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (min, width, multiple, exMin, exMax) -> {
              ObjectNode s = NODES.objectNode().put("type", "integer");
              int span = (multiple == null ? 1 : multiple) * 3 + 2;
              if (min != null) {
                s.put(exMin ? "exclusiveMinimum" : "minimum", min);
              }
              if (width != null) {
                int base = min == null ? 0 : min;
                s.put(exMax ? "exclusiveMaximum" : "maximum", base + span + width);
              }
              if (multiple != null) {
                s.put("multipleOf", multiple);
              }
              return s;
            });
  }

  private Arbitrary<ObjectNode> number() {
    return Combinators.combine(
            Arbitraries.bigDecimals()
                .between(new BigDecimal("-50"), new BigDecimal("50"))
                .ofScale(1)
                .injectNull(0.4),
            Arbitraries.bigDecimals()
                .between(new BigDecimal("0.2"), new BigDecimal("40"))
                .ofScale(1)
                .injectNull(0.4),
            Arbitraries.of("0.5", "0.25", "0.1").injectNull(0.6),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (min, width, multiple, exMin, exMax) -> {
              ObjectNode s = NODES.objectNode().put("type", "number");
              if (min != null) {
                s.put(exMin ? "exclusiveMinimum" : "minimum", min);
              }
              if (width != null) {
                BigDecimal base = min == null ? BigDecimal.ZERO : min;
                s.put(exMax ? "exclusiveMaximum" : "maximum", base.add(width).add(BigDecimal.ONE));
              }
              if (multiple != null) {
                s.put("multipleOf", new BigDecimal(multiple));
              }
              return s;
            });
  }

  private Arbitrary<ObjectNode> enumOrConst() {
    Arbitrary<JsonNode> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().alpha().ofMaxLength(5).map(NODES::textNode),
            Arbitraries.integers().between(-5, 5).map(NODES::numberNode),
            Arbitraries.of(NODES.booleanNode(true), NODES.nullNode()));
    Arbitrary<ObjectNode> enumSchema =
        scalar
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .uniqueElements()
            .map(
                values -> {
                  ObjectNode s = NODES.objectNode();
                  ArrayNode e = s.putArray("enum");
                  values.forEach(e::add);
                  return s;
                });
    Arbitrary<ObjectNode> constSchema =
        scalar.map(v -> (ObjectNode) NODES.objectNode().set("const", v));
    return Arbitraries.oneOf(enumSchema, constSchema);
  }

  private Arbitrary<ObjectNode> nullable() {
    return Arbitraries.oneOf(string(), integer())
        .map(
            s -> {
              String type = s.get("type").asText();
              s.putArray("type").add(type).add("null");
              return s;
            });
  }

  private Arbitrary<ObjectNode> object(int depth, boolean mayClose) {
    Arbitrary<List<String>> names = Arbitraries.of(NAMES).list().ofMaxSize(4).uniqueElements();
    return names.flatMap(
        list ->
            Combinators.combine(
                    schema(depth).list().ofSize(list.size()),
                    Arbitraries.of(true, false).list().ofSize(list.size()),
                    Arbitraries.of(mayClose, false))
                .as(
                    (schemas, required, closed) -> {
                      ObjectNode s = NODES.objectNode().put("type", "object");
                      ObjectNode props = s.putObject("properties");
                      ArrayNode req = NODES.arrayNode();
                      for (int i = 0; i < list.size(); i++) {
                        props.set(list.get(i), schemas.get(i));
                        if (required.get(i)) {
                          req.add(list.get(i));
                        }
                      }
                      if (!req.isEmpty()) {
                        s.set("required", req);
                      }
                      if (closed) {
                        s.put("additionalProperties", false);
                      }
                      return s;
                    }));
  }

  private Arbitrary<ObjectNode> array(int depth) {
    Arbitrary<ObjectNode> general =
        Combinators.combine(
                schema(depth),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 3))
            .as(
                (items, min, extra) -> {
                  ObjectNode s = NODES.objectNode().put("type", "array");
                  s.set("items", items);
                  if (min > 0) {
                    s.put("minItems", min);
                  }
                  s.put("maxItems", min + extra);
                  return s;
                });
    Arbitrary<ObjectNode> unique =
        Combinators.combine(
                Arbitraries.of("string", "integer", "number"), Arbitraries.integers().between(2, 5))
            .as(
                (type, min) -> {
                  ObjectNode s = NODES.objectNode().put("type", "array");
                  s.putObject("items").put("type", type);
                  s.put("minItems", min).put("uniqueItems", true);
                  return s;
                });
    return Arbitraries.oneOf(general, unique);
  }

  private Arbitrary<ObjectNode> anyOf(int depth) {
    return schema(depth)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(
            branches -> {
              ObjectNode s = NODES.objectNode();
              branches.forEach(s.putArray("anyOf")::add);
              return s;
            });
  }

  /** Branches of pairwise different types, so exactly one can match. */
  private Arbitrary<ObjectNode> oneOf(int depth) {
    Arbitrary<ObjectNode> string = string();
    Arbitrary<ObjectNode> integer = integer();
    Arbitrary<ObjectNode> bool = Arbitraries.just(NODES.objectNode().put("type", "boolean"));
    Arbitrary<ObjectNode> object = Arbitraries.lazy(() -> object(depth, true));
    Arbitrary<ObjectNode> array = Arbitraries.lazy(() -> array(depth));
    return Arbitraries.of(0, 1, 2, 3, 4)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .uniqueElements()
        .flatMap(
            kinds -> {
              List<Arbitrary<ObjectNode>> branches = new ArrayList<>();
              for (int k : kinds) {
                branches.add(List.of(string, integer, bool, object, array).get(k));
              }
              return Combinators.combine(branches)
                  .as(
                      list -> {
                        ObjectNode s = NODES.objectNode();
                        list.forEach(s.putArray("oneOf")::add);
                        return s;
                      });
            });
  }

  /** Objects with different property names, none closed, so they can all hold at once. */
  private Arbitrary<ObjectNode> allOf(int depth) {
    return Combinators.combine(object(depth, false), object(depth, false))
        .as(
            (a, b) -> {
              ObjectNode second = b.deepCopy();
              ObjectNode renamed = NODES.objectNode();
              second
                  .get("properties")
                  .properties()
                  .forEach(e -> renamed.set(e.getKey() + "_2", e.getValue()));
              second.set("properties", renamed);
              if (second.has("required")) {
                ArrayNode req = NODES.arrayNode();
                second.get("required").forEach(r -> req.add(r.asText() + "_2"));
                second.set("required", req);
              }
              ObjectNode s = NODES.objectNode();
              s.putArray("allOf").add(a).add(second);
              return s;
            });
  }
}
