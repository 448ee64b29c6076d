package dev.steward.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds a deterministic JSON value that satisfies a JSON Schema, made plausible from property
 * names (a {@code city} is "London"). Same schema, same value.
 *
 * <p>Understood: {@code type} (one or several), {@code enum}, {@code const}, objects ({@code
 * properties}, {@code required}, {@code additionalProperties}, {@code patternProperties}, {@code
 * min/maxProperties}), arrays ({@code items}, {@code prefixItems}, tuple {@code items} with {@code
 * additionalItems}, {@code min/maxItems}, {@code uniqueItems}, {@code contains}), strings ({@code
 * min/maxLength}, {@code pattern}, {@code format}: date, date-time, time, email, hostname, ipv4,
 * ipv6, uri, uri-reference, uuid, duration, ...), numbers ({@code minimum}, {@code maximum}, both
 * forms of {@code exclusiveMinimum/Maximum}, {@code multipleOf}), {@code allOf} (merged), {@code
 * anyOf} and {@code oneOf} (the first branch whose value validates; for {@code oneOf}, matches no
 * other branch), {@code not}, and local {@code $ref} ({@code #}, {@code #/$defs/...}, {@code
 * #/definitions/...}, any JSON pointer), recursive ones included.
 *
 * <p>Every candidate value is checked with {@link SchemaCheck} and the first that passes is kept.
 * Limits: a {@code pattern} is met only when {@link PatternStrings} can read it (no lookaround or
 * back references) or a stock candidate happens to match; {@code not}, {@code if/then/else} and
 * {@code dependentRequired} are only checked, never aimed at; remote references are ignored. When
 * nothing satisfies the schema the best effort is returned anyway: callers that must know check it.
 */
final class SchemaValues {
  /** Beyond this nesting, optional properties are left out and arrays take their minimum size. */
  private static final int SHALLOW_DEPTH = 6;

  private static final int MAX_DEPTH = 24;
  private static final int BUDGET = 5_000;
  private static final int UNLIMITED = Integer.MAX_VALUE;
  private static final List<String> FALLBACK_TYPES =
      List.of("string", "integer", "number", "boolean", "object", "array", "null");
  private static final JsonNode OBJECT_TYPE =
      JsonNodeFactory.instance.objectNode().put("type", "object");

  private final SchemaCheck check;
  private final JsonNode root;
  private int budget = BUDGET;

  private SchemaValues(JsonNode root) {
    this.root = root;
    this.check = new SchemaCheck(root);
  }

  /** A value satisfying {@code schema} (best effort when it cannot be satisfied). */
  static JsonNode valueFor(JsonNode schema) {
    return new SchemaValues(schema).solve(List.of(schema), "", 0, 0).value();
  }

  /** An object satisfying {@code schema}, for tool arguments: always an object. */
  static ObjectNode objectFor(JsonNode schema) {
    JsonNode value = new SchemaValues(schema).solve(List.of(schema, OBJECT_TYPE), "", 0, 0).value();
    return value instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
  }

  /** Whether {@code value} satisfies {@code schema} by the generator's own checker. */
  static boolean satisfies(JsonNode schema, JsonNode value) {
    return new SchemaCheck(schema).valid(schema, value);
  }

  private record Result(JsonNode value, boolean ok) {}

  private Result solve(List<JsonNode> schemas, String name, int depth, int variant) {
    if (budget-- <= 0 || depth > MAX_DEPTH) {
      return new Result(NullNode.getInstance(), false);
    }
    List<JsonNode> flat = new ArrayList<>();
    Deque<JsonNode> groups = new ArrayDeque<>();
    for (JsonNode s : schemas) {
      flatten(s, flat, groups, 0);
    }
    return search(flat, groups, name, depth, variant);
  }

  /** Collects {@code s} with the schemas it references and includes; queues its alternatives. */
  private void flatten(JsonNode s, List<JsonNode> flat, Deque<JsonNode> groups, int refs) {
    flat.add(s);
    if (!s.isObject()) {
      return;
    }
    JsonNode ref = s.get("$ref");
    if (ref != null && ref.isTextual() && refs < 16) {
      JsonNode target = SchemaCheck.resolve(root, ref.textValue());
      if (target != null) {
        flatten(target, flat, groups, refs + 1);
      }
    }
    JsonNode allOf = s.get("allOf");
    if (allOf != null && allOf.isArray()) {
      for (JsonNode member : allOf) {
        flatten(member, flat, groups, refs);
      }
    }
    for (String key : List.of("anyOf", "oneOf")) {
      JsonNode group = s.get(key);
      if (group != null && group.isArray() && !group.isEmpty()) {
        groups.addLast(group);
      }
    }
  }

  /** Tries the alternatives depth first, first branch first, until a value validates. */
  private Result search(
      List<JsonNode> flat, Deque<JsonNode> groups, String name, int depth, int variant) {
    if (groups.isEmpty()) {
      return generate(flat, name, depth, variant);
    }
    List<JsonNode> branches = new ArrayList<>();
    groups.removeFirst().forEach(branches::add);
    if (depth >= SHALLOW_DEPTH) {
      // Deep down, try branches that do not recurse first, so recursive schemas end soon.
      branches.sort(Comparator.comparing(b -> b.has("$ref")));
    }
    Result fallback = null;
    for (JsonNode branch : branches) {
      if (budget <= 0) {
        break;
      }
      List<JsonNode> branchFlat = new ArrayList<>(flat);
      Deque<JsonNode> branchGroups = new ArrayDeque<>(groups);
      flatten(branch, branchFlat, branchGroups, 0);
      Result r = search(branchFlat, branchGroups, name, depth, variant);
      if (r.ok()) {
        return r;
      }
      if (fallback == null) {
        fallback = r;
      }
    }
    return fallback != null ? fallback : generate(flat, name, depth, variant);
  }

  private Result generate(List<JsonNode> flat, String name, int depth, int variant) {
    for (JsonNode s : flat) {
      if (s.isBoolean() && !s.booleanValue()) {
        return new Result(NullNode.getInstance(), false);
      }
    }
    Facts f = Facts.of(flat);
    List<JsonNode> candidates = new ArrayList<>();
    if (f.constant != null) {
      candidates.add(f.constant);
    } else if (f.enumValues != null) {
      int n = f.enumValues.size();
      for (int i = 0; i < n; i++) {
        candidates.add(f.enumValues.get((i + variant) % n));
      }
    } else {
      for (String type : typeOrder(f, name, depth)) {
        candidates.addAll(ofType(type, f, name, depth, variant));
      }
    }
    for (JsonNode c : candidates) {
      if (validAll(flat, c)) {
        return new Result(c, true);
      }
    }
    return new Result(candidates.isEmpty() ? NullNode.getInstance() : candidates.getFirst(), false);
  }

  private boolean validAll(List<JsonNode> flat, JsonNode value) {
    for (JsonNode s : flat) {
      if (!check.valid(s, value)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> typeOrder(Facts f, String name, int depth) {
    if (f.types != null) {
      List<String> order = new ArrayList<>(f.types);
      if (order.remove("null")) {
        // Null is the least plausible value, except deep down, where it ends recursion.
        order.add(depth >= SHALLOW_DEPTH ? 0 : order.size(), "null");
      }
      return order;
    }
    Set<String> order = new LinkedHashSet<>();
    if (f.objectWords) {
      order.add("object");
    }
    if (f.arrayWords) {
      order.add("array");
    }
    if (f.stringWords) {
      order.add("string");
    }
    if (f.numberWords) {
      order.add("number");
      order.add("integer");
    }
    if (Plausible.soundsBoolean(name)) {
      order.add("boolean");
    }
    if (Plausible.soundsNumeric(name)) {
      order.add("integer");
    }
    order.addAll(FALLBACK_TYPES);
    return new ArrayList<>(order);
  }

  private List<JsonNode> ofType(String type, Facts f, String name, int depth, int variant) {
    return switch (type) {
      case "null" -> List.of(NullNode.getInstance());
      case "boolean" ->
          variant % 2 == 0
              ? List.of(BooleanNode.TRUE, BooleanNode.FALSE)
              : List.of(BooleanNode.FALSE, BooleanNode.TRUE);
      case "integer" -> numbers(f, name, true, variant);
      case "number" -> numbers(f, name, false, variant);
      case "string" -> strings(f, name, variant);
      case "object" -> List.of(object(f, depth, variant));
      case "array" -> List.of(array(f, name, depth, variant));
      default -> List.of();
    };
  }

  // ---- objects and arrays ----

  private ObjectNode object(Facts f, int depth, int variant) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    Set<String> allowed = null;
    for (Set<String> closed : f.closed) {
      if (allowed == null) {
        allowed = new HashSet<>(closed);
      } else {
        allowed.retainAll(closed);
      }
    }
    boolean shallow = depth >= SHALLOW_DEPTH;
    List<String> names = new ArrayList<>(f.properties.keySet());
    for (String r : f.required) {
      if (!names.contains(r)) {
        names.add(r);
      }
    }
    int room = f.maxProperties - f.required.size();
    for (String n : names) {
      boolean required = f.required.contains(n);
      if (!required && (shallow || room <= 0 || (allowed != null && !allowed.contains(n)))) {
        continue;
      }
      Result r = solve(propertySchemas(f, n), n, depth + 1, variant);
      if (!r.ok() && !required) {
        continue;
      }
      o.set(n, r.value());
      if (!required) {
        room--;
      }
    }
    for (int k = 1; o.size() < f.minProperties && allowed == null && k < 1_000; k++) {
      String extra = "extra_" + k;
      if (!o.has(extra)) {
        o.set(extra, solve(propertySchemas(f, extra), extra, depth + 1, variant).value());
      }
    }
    return o;
  }

  private List<JsonNode> propertySchemas(Facts f, String name) {
    List<JsonNode> schemas = new ArrayList<>(f.properties.getOrDefault(name, List.of()));
    boolean covered = !schemas.isEmpty();
    for (Map.Entry<String, JsonNode> pp : f.patternProperties) {
      if (check.matches(pp.getKey(), name)) {
        schemas.add(pp.getValue());
        covered = true;
      }
    }
    if (!covered) {
      schemas.addAll(f.additional);
    }
    return schemas;
  }

  private ArrayNode array(Facts f, String name, int depth, int variant) {
    int prefixLength = 0;
    int limit = f.maxItems;
    for (Facts.Items items : f.items) {
      prefixLength = Math.max(prefixLength, items.prefix().size());
      if (items.rest() != null && items.rest().isBoolean() && !items.rest().booleanValue()) {
        limit = Math.min(limit, items.prefix().size());
      }
    }
    boolean shallow = depth >= SHALLOW_DEPTH;
    int count = shallow ? f.minItems : Math.max(f.minItems, Math.max(1, prefixLength));
    count = Math.max(Math.min(count, limit), f.minItems);
    String itemName = singular(name);
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < count; i++) {
      List<JsonNode> schemas = new ArrayList<>();
      for (Facts.Items items : f.items) {
        JsonNode s = i < items.prefix().size() ? items.prefix().get(i) : items.rest();
        if (s != null) {
          schemas.add(s);
        }
      }
      if (i == 0) {
        schemas.addAll(f.contains);
      }
      a.add(solve(schemas, itemName, depth + 1, variant + i).value());
    }
    return a;
  }

  private static String singular(String name) {
    if (name.endsWith("ies") && name.length() > 3) {
      return name.substring(0, name.length() - 3) + "y";
    }
    if (name.endsWith("s") && !name.endsWith("ss") && name.length() > 1) {
      return name.substring(0, name.length() - 1);
    }
    return name;
  }

  // ---- strings ----

  private List<JsonNode> strings(Facts f, String name, int variant) {
    List<String> raw = new ArrayList<>();
    String formatted = f.format == null ? null : formatSample(f.format, variant);
    if (formatted != null) {
      raw.add(formatted);
    } else {
      String guess = Plausible.string(name);
      if (guess != null) {
        raw.add(withVariant(guess, variant));
      }
      for (String pattern : f.patterns) {
        List<String> samples = PatternStrings.samples(pattern, f.minLength);
        for (int i = 0; i < samples.size(); i++) {
          raw.add(samples.get((i + variant) % samples.size()));
        }
      }
      raw.add(withVariant("sandbox", variant));
      raw.add(variant == 0 ? "" : Integer.toString(variant));
    }
    Set<JsonNode> out = new LinkedHashSet<>();
    for (String s : raw) {
      out.add(TextNode.valueOf(s));
      if (formatted == null) {
        out.add(TextNode.valueOf(fitLength(s, f.minLength, f.maxLength)));
      }
    }
    return new ArrayList<>(out);
  }

  private static String withVariant(String s, int variant) {
    return variant == 0 ? s : s + " " + (variant + 1);
  }

  private static String fitLength(String s, int min, int max) {
    int length = s.codePointCount(0, s.length());
    if (length > max) {
      return s.substring(0, s.offsetByCodePoints(0, max));
    }
    return length < min ? s + "x".repeat(min - length) : s;
  }

  /** A sample of a known {@code format}, or null for a format this generator does not know. */
  static @Nullable String formatSample(String format, int variant) {
    return switch (format) {
      case "date" -> LocalDate.of(2024, 5, 1).plusDays(variant).toString();
      case "date-time" -> LocalDate.of(2024, 5, 1).plusDays(variant) + "T12:00:00Z";
      case "time" -> "12:00:%02dZ".formatted(variant % 60);
      case "email", "idn-email" ->
          variant == 0 ? "sandbox@example.org" : "sandbox" + (variant + 1) + "@example.org";
      case "hostname", "idn-hostname" ->
          variant == 0 ? "sandbox.example.org" : "sandbox" + (variant + 1) + ".example.org";
      case "ipv4" -> "192.0.2." + (1 + variant % 254);
      case "ipv6" -> "2001:db8::" + Integer.toHexString(1 + variant % 0xFFFE);
      case "uri", "iri" -> "https://example.org/sandbox" + (variant == 0 ? "" : "/" + variant);
      case "uri-reference", "iri-reference" -> "/sandbox" + (variant == 0 ? "" : "/" + variant);
      case "uri-template" -> "https://example.org/sandbox/{id}";
      case "uuid" -> "b1f5c6de-8c3a-4e2f-9d7b-%012x".formatted(0x5a1e0c3d2b1fL + variant);
      case "duration" -> "P" + (variant + 1) + "D";
      case "json-pointer" -> "/sandbox";
      case "relative-json-pointer" -> Integer.toString(variant);
      case "regex" -> "^sandbox$";
      default -> null;
    };
  }

  // ---- numbers ----

  private static List<JsonNode> numbers(Facts f, String name, boolean integer, int variant) {
    BigDecimal step = null;
    List<BigDecimal> steps = new ArrayList<>(f.multipleOf);
    if (integer) {
      steps.add(BigDecimal.ONE);
    }
    for (BigDecimal m : steps) {
      step = step == null ? m : commonMultiple(step, m);
    }
    BigDecimal base = fit(Plausible.number(name, integer), step, f);
    if (base == null) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    if (variant > 0) {
      // Variants (array items that must be unique) step away from the base, within the bounds.
      BigDecimal unit = step != null ? step : BigDecimal.ONE;
      BigDecimal offset = unit.multiply(BigDecimal.valueOf(variant));
      for (int halvings = 0; halvings <= (step != null ? 0 : 20); halvings++) {
        BigDecimal up = base.add(offset);
        BigDecimal down = base.subtract(offset);
        if (within(up, f)) {
          out.add(numberNode(up));
          break;
        }
        if (within(down, f)) {
          out.add(numberNode(down));
          break;
        }
        offset = offset.divide(BigDecimal.valueOf(2));
      }
    }
    out.add(numberNode(base));
    return out;
  }

  private static boolean within(BigDecimal v, Facts f) {
    if (f.lo != null) {
      int c = v.compareTo(f.lo);
      if (c < 0 || (c == 0 && f.loExclusive)) {
        return false;
      }
    }
    if (f.hi != null) {
      int c = v.compareTo(f.hi);
      return c < 0 || (c == 0 && !f.hiExclusive);
    }
    return true;
  }

  /** The least multiple of {@code a} that {@code b} divides, trying a bounded number of factors. */
  private static BigDecimal commonMultiple(BigDecimal a, BigDecimal b) {
    for (int j = 1; j <= 1_000; j++) {
      BigDecimal candidate = a.multiply(BigDecimal.valueOf(j));
      if (candidate.remainder(b).signum() == 0) {
        return candidate;
      }
    }
    return a;
  }

  private static @Nullable BigDecimal fit(BigDecimal target, @Nullable BigDecimal step, Facts f) {
    BigDecimal lo = f.lo;
    BigDecimal hi = f.hi;
    if (step != null) {
      BigInteger kLo = null;
      BigInteger kHi = null;
      if (lo != null) {
        BigDecimal q = lo.divide(step, 0, RoundingMode.CEILING);
        kLo = q.toBigInteger();
        if (f.loExclusive && q.multiply(step).compareTo(lo) == 0) {
          kLo = kLo.add(BigInteger.ONE);
        }
      }
      if (hi != null) {
        BigDecimal q = hi.divide(step, 0, RoundingMode.FLOOR);
        kHi = q.toBigInteger();
        if (f.hiExclusive && q.multiply(step).compareTo(hi) == 0) {
          kHi = kHi.subtract(BigInteger.ONE);
        }
      }
      BigInteger k = target.divide(step, 0, RoundingMode.HALF_UP).toBigInteger();
      if (kLo != null && k.compareTo(kLo) < 0) {
        k = kLo;
      }
      if (kHi != null && k.compareTo(kHi) > 0) {
        k = kHi;
      }
      if (kLo != null && kHi != null && kLo.compareTo(kHi) > 0) {
        return null;
      }
      return step.multiply(new BigDecimal(k));
    }
    boolean aboveLo =
        lo == null || (f.loExclusive ? target.compareTo(lo) > 0 : target.compareTo(lo) >= 0);
    boolean belowHi =
        hi == null || (f.hiExclusive ? target.compareTo(hi) < 0 : target.compareTo(hi) <= 0);
    if (aboveLo && belowHi) {
      return target;
    }
    if (lo != null && hi != null) {
      int c = lo.compareTo(hi);
      if (c > 0 || (c == 0 && (f.loExclusive || f.hiExclusive))) {
        return null;
      }
      BigDecimal nudge = hi.subtract(lo).divide(BigDecimal.valueOf(2)).min(BigDecimal.ONE);
      if (!aboveLo) {
        return f.loExclusive ? lo.add(nudge) : lo;
      }
      return f.hiExclusive ? hi.subtract(nudge) : hi;
    }
    if (lo != null && !aboveLo) {
      return f.loExclusive ? lo.add(BigDecimal.ONE) : lo;
    }
    if (hi != null) {
      return f.hiExclusive ? hi.subtract(BigDecimal.ONE) : hi;
    }
    return target;
  }

  private static JsonNode numberNode(BigDecimal v) {
    if (SchemaCheck.isIntegral(v)) {
      BigInteger i = v.toBigInteger();
      return i.bitLength() < 64 ? LongNode.valueOf(i.longValue()) : BigIntegerNode.valueOf(i);
    }
    return DecimalNode.valueOf(v.stripTrailingZeros());
  }

  // ---- what the conjunction of schemas says ----

  /** The keywords of several schemas that all apply, merged. */
  private static final class Facts {
    /** One schema's array item rule: the first items by position, then the rest. */
    record Items(List<JsonNode> prefix, @Nullable JsonNode rest) {}

    @Nullable Set<String> types;
    @Nullable JsonNode constant;
    @Nullable List<JsonNode> enumValues;
    final Map<String, List<JsonNode>> properties = new LinkedHashMap<>();
    final List<Map.Entry<String, JsonNode>> patternProperties = new ArrayList<>();
    final Set<String> required = new LinkedHashSet<>();
    final List<Set<String>> closed = new ArrayList<>();
    final List<JsonNode> additional = new ArrayList<>();
    int minProperties;
    int maxProperties = UNLIMITED;
    final List<Items> items = new ArrayList<>();
    final List<JsonNode> contains = new ArrayList<>();
    int minItems;
    int maxItems = UNLIMITED;
    int minLength;
    int maxLength = UNLIMITED;
    final List<String> patterns = new ArrayList<>();
    @Nullable String format;
    @Nullable BigDecimal lo;
    @Nullable BigDecimal hi;
    boolean loExclusive;
    boolean hiExclusive;
    final List<BigDecimal> multipleOf = new ArrayList<>();
    boolean objectWords;
    boolean arrayWords;
    boolean stringWords;
    boolean numberWords;

    static Facts of(List<JsonNode> schemas) {
      Facts f = new Facts();
      for (JsonNode s : schemas) {
        if (s.isObject()) {
          f.add(s);
        }
      }
      return f;
    }

    private void add(JsonNode s) {
      JsonNode type = s.get("type");
      if (type != null) {
        Set<String> declared = new LinkedHashSet<>();
        if (type.isTextual()) {
          declared.add(type.textValue());
        } else if (type.isArray()) {
          type.forEach(t -> declared.add(t.asText()));
        }
        types = types == null ? declared : intersect(types, declared);
      }
      if (constant == null && s.has("const")) {
        constant = s.get("const");
      }
      JsonNode e = s.get("enum");
      if (enumValues == null && e != null && e.isArray()) {
        enumValues = new ArrayList<>();
        e.forEach(enumValues::add);
      }
      addObject(s);
      addArray(s);
      addString(s);
      addNumber(s);
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
      Set<String> out = new LinkedHashSet<>();
      for (String t : a) {
        if (b.contains(t) || (t.equals("integer") && b.contains("number"))) {
          out.add(t);
        } else if (t.equals("number") && b.contains("integer")) {
          out.add("integer");
        }
      }
      return out;
    }

    private void addObject(JsonNode s) {
      JsonNode props = s.get("properties");
      if (props != null && props.isObject()) {
        for (Map.Entry<String, JsonNode> p : props.properties()) {
          properties.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue());
        }
      }
      JsonNode patternProps = s.get("patternProperties");
      if (patternProps != null && patternProps.isObject()) {
        patternProperties.addAll(patternProps.properties());
      }
      JsonNode req = s.get("required");
      if (req != null && req.isArray()) {
        req.forEach(r -> required.add(r.asText()));
      }
      JsonNode additionalProps = s.get("additionalProperties");
      if (additionalProps != null) {
        if (additionalProps.isBoolean() && !additionalProps.booleanValue()) {
          Set<String> names = new HashSet<>();
          if (props != null) {
            props.fieldNames().forEachRemaining(names::add);
          }
          closed.add(names);
        } else if (additionalProps.isObject()) {
          additional.add(additionalProps);
        }
      }
      minProperties = Math.max(minProperties, count(s, "minProperties", 0));
      maxProperties = Math.min(maxProperties, count(s, "maxProperties", UNLIMITED));
      objectWords |=
          props != null
              || req != null
              || additionalProps != null
              || patternProps != null
              || s.has("minProperties")
              || s.has("maxProperties");
    }

    private void addArray(JsonNode s) {
      JsonNode prefixItems = s.get("prefixItems");
      JsonNode itemsNode = s.get("items");
      if (prefixItems != null && prefixItems.isArray()) {
        items.add(new Items(list(prefixItems), itemsNode));
      } else if (itemsNode != null && itemsNode.isArray()) {
        items.add(new Items(list(itemsNode), s.get("additionalItems")));
      } else if (itemsNode != null) {
        items.add(new Items(List.of(), itemsNode));
      }
      JsonNode c = s.get("contains");
      if (c != null) {
        contains.add(c);
      }
      minItems = Math.max(minItems, count(s, "minItems", 0));
      maxItems = Math.min(maxItems, count(s, "maxItems", UNLIMITED));
      arrayWords |=
          prefixItems != null
              || itemsNode != null
              || c != null
              || s.has("minItems")
              || s.has("maxItems")
              || s.has("uniqueItems");
    }

    private static List<JsonNode> list(JsonNode array) {
      List<JsonNode> out = new ArrayList<>();
      array.forEach(out::add);
      return out;
    }

    private void addString(JsonNode s) {
      minLength = Math.max(minLength, count(s, "minLength", 0));
      maxLength = Math.min(maxLength, count(s, "maxLength", UNLIMITED));
      JsonNode pattern = s.get("pattern");
      if (pattern != null && pattern.isTextual()) {
        patterns.add(pattern.textValue());
      }
      JsonNode fmt = s.get("format");
      if (format == null && fmt != null && fmt.isTextual()) {
        format = fmt.textValue();
      }
      stringWords |= s.has("minLength") || s.has("maxLength") || pattern != null || fmt != null;
    }

    private void addNumber(JsonNode s) {
      JsonNode min = s.get("minimum");
      JsonNode max = s.get("maximum");
      JsonNode exMin = s.get("exclusiveMinimum");
      JsonNode exMax = s.get("exclusiveMaximum");
      if (min != null && min.isNumber()) {
        raiseLo(min.decimalValue(), exMin != null && exMin.isBoolean() && exMin.booleanValue());
      }
      if (exMin != null && exMin.isNumber()) {
        raiseLo(exMin.decimalValue(), true);
      }
      if (max != null && max.isNumber()) {
        lowerHi(max.decimalValue(), exMax != null && exMax.isBoolean() && exMax.booleanValue());
      }
      if (exMax != null && exMax.isNumber()) {
        lowerHi(exMax.decimalValue(), true);
      }
      JsonNode m = s.get("multipleOf");
      if (m != null && m.isNumber() && m.decimalValue().signum() > 0) {
        multipleOf.add(m.decimalValue());
      }
      numberWords |= min != null || max != null || exMin != null || exMax != null || m != null;
    }

    private void raiseLo(BigDecimal v, boolean exclusive) {
      int c = lo == null ? 1 : v.compareTo(lo);
      if (c > 0) {
        lo = v;
        loExclusive = exclusive;
      } else if (c == 0) {
        loExclusive |= exclusive;
      }
    }

    private void lowerHi(BigDecimal v, boolean exclusive) {
      int c = hi == null ? -1 : v.compareTo(hi);
      if (c < 0) {
        hi = v;
        hiExclusive = exclusive;
      } else if (c == 0) {
        hiExclusive |= exclusive;
      }
    }

    private static int count(JsonNode s, String key, int absent) {
      JsonNode n = s.get(key);
      if (n == null || !n.isNumber()) {
        return absent;
      }
      double d = n.asDouble();
      return d >= UNLIMITED ? UNLIMITED : (int) Math.max(0, Math.ceil(d));
    }
  }
}
