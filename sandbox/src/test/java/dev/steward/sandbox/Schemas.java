package dev.steward.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;

/** Validation with an independent implementation (networknt), formats asserted. */
final class Schemas {
  static final ObjectMapper JSON = new ObjectMapper();

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final JsonSchemaFactory DRAFT_2020_12 =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final JsonSchemaFactory DRAFT_7 =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  private Schemas() {}

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("test JSON does not parse: " + json, e);
    }
  }

  /** The validation errors of a value; draft 7 when the schema says so, else 2020-12. */
  static List<String> errors(JsonNode schema, JsonNode value) {
    JsonNode declared = schema.get("$schema");
    JsonSchemaFactory factory =
        declared != null && declared.asText().contains("draft-07") ? DRAFT_7 : DRAFT_2020_12;
    Set<ValidationMessage> messages = factory.getSchema(schema, CONFIG).validate(value);
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }
}
