package dev.steward.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** Validates YAML text against docs/spec/config.schema.json, reading it as the loader does. */
final class SchemaSupport {
  static final Path SCHEMA = Path.of("../docs/spec/config.schema.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchema SCHEMA_VALIDATOR = loadSchema();

  private SchemaSupport() {}

  static JsonNode schemaJson() {
    try {
      return JSON.readTree(Files.readString(SCHEMA));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema loadSchema() {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson());
  }

  static JsonNode toJson(String yaml) {
    Object data = new Load(ConfigLoader.settings("steward.yaml")).loadFromString(yaml);
    return JSON.valueToTree(data);
  }

  static boolean loadsAsJson(String yaml) {
    try {
      toJson(yaml);
      return true;
    } catch (YamlEngineException e) {
      return false;
    }
  }

  /** The schema's complaints; empty when the text is valid. */
  static List<String> validate(String yaml) {
    return SCHEMA_VALIDATOR.validate(toJson(yaml)).stream()
        .map(ValidationMessage::getMessage)
        .toList();
  }
}
