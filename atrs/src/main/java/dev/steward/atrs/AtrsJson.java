package dev.steward.atrs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.atrs.AtrsRecord.Field;
import dev.steward.atrs.AtrsRecord.Kind;
import dev.steward.atrs.AtrsRecord.Section;
import dev.steward.atrs.AtrsRecord.Source;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@link AtrsRecord} as JSON (docs/spec/atrs.md): keys always in the same order, fields in
 * template order, so that two records of the same facts are the same text.
 */
public final class AtrsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AtrsJson() {}

  /** The record as one pretty-printed JSON object. */
  public static String write(AtrsRecord record) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ATRS record " + record.service() + ": " + e.getMessage(), e);
    }
  }

  /** The record as a JSON tree, e.g. to embed in another document. */
  public static ObjectNode tree(AtrsRecord record) {
    ObjectNode root = JSON.createObjectNode();
    root.put("service", record.service());
    root.put("template_version", record.templateVersion());
    root.put("generated_at", record.generatedAt().toString());
    ArrayNode tier1 = root.putArray("tier1");
    record.tier1().forEach(f -> field(tier1.addObject(), f));
    ArrayNode tier2 = root.putArray("tier2");
    for (Section s : record.tier2()) {
      ObjectNode n = tier2.addObject();
      n.put("id", s.id());
      n.put("reference", s.reference());
      n.put("title", s.title());
      ArrayNode fields = n.putArray("fields");
      s.fields().forEach(f -> field(fields.addObject(), f));
    }
    ArrayNode missing = root.putArray("missing");
    record.missing().forEach(missing::add);
    ArrayNode missingRequired = root.putArray("missing_required");
    record.missingRequired().forEach(missingRequired::add);
    return root;
  }

  private static void field(ObjectNode n, Field f) {
    n.put("id", f.id());
    n.put("reference", f.reference());
    n.put("title", f.title());
    n.put("required", f.required());
    n.put("kind", f.kind().wire());
    n.put("source", f.source().wire());
    if (f.source() == Source.MISSING) {
      return;
    }
    if (f.kind() == Kind.TEXT) {
      n.put("value", f.value().get(0));
    } else {
      ArrayNode items = n.putArray("value");
      f.value().forEach(items::add);
    }
  }

  /**
   * Reads a record {@link #write} wrote. {@code missing} and {@code missing_required} are derived
   * from the fields, and not read.
   *
   * @throws IllegalArgumentException if {@code json} is not such a record, naming what is wrong
   */
  public static AtrsRecord read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "ATRS record: not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("ATRS record: not a JSON object");
    }
    List<Field> tier1 = new ArrayList<>();
    for (JsonNode f : array(root, "tier1")) {
      tier1.add(readField(f));
    }
    List<Section> tier2 = new ArrayList<>();
    for (JsonNode s : array(root, "tier2")) {
      List<Field> fields = new ArrayList<>();
      for (JsonNode f : array(s, "fields")) {
        fields.add(readField(f));
      }
      tier2.add(new Section(text(s, "id"), text(s, "reference"), text(s, "title"), fields));
    }
    Instant at;
    try {
      at = Instant.parse(text(root, "generated_at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "generated_at: '" + text(root, "generated_at") + "' (expected: an ISO-8601 instant)", e);
    }
    return new AtrsRecord(text(root, "service"), at, text(root, "template_version"), tier1, tier2);
  }

  private static Field readField(JsonNode n) {
    String id = text(n, "id");
    Kind kind = Kind.valueOf(text(n, "kind").toUpperCase(Locale.ROOT));
    Source source = Source.valueOf(text(n, "source").toUpperCase(Locale.ROOT));
    JsonNode v = n.get("value");
    List<String> value = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(item -> value.add(item.asText()));
    } else if (v != null && v.isTextual()) {
      value.add(v.asText());
    } else if (v != null) {
      throw new IllegalArgumentException(id + ".value: " + v + " (expected: a string or a list)");
    }
    JsonNode required = n.get("required");
    if (required == null || !required.isBoolean()) {
      throw new IllegalArgumentException(id + ".required: absent (expected: true or false)");
    }
    return new Field(
        id, text(n, "reference"), text(n, "title"), required.asBoolean(), kind, value, source);
  }

  private static JsonNode array(JsonNode parent, String name) {
    JsonNode a = parent.get(name);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(name + ": absent (expected: a list)");
    }
    return a;
  }

  private static String text(JsonNode parent, String name) {
    JsonNode t = parent.get(name);
    if (t == null || !t.isTextual()) {
      throw new IllegalArgumentException(name + ": absent (expected: a string)");
    }
    return t.asText();
  }
}
