package dev.steward.inspect;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Inspect's own schema for eval logs: the {@code EvalLog} component of Inspect's OpenAPI document
 * (test resource {@code /inspect/inspect-openapi.json}, MIT), checked with the dialect of the
 * OpenAPI version it declares. Shared with other modules' tests through this module's test jar.
 */
public final class InspectSchema {
  private InspectSchema() {}

  private static byte[] openApiBytes() {
    try (InputStream in =
        InspectSchema.class.getResourceAsStream("/inspect/inspect-openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("test resource /inspect/inspect-openapi.json missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Inspect writes NaN as a bare token; reading it back needs this. */
  static final ObjectMapper LENIENT =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  static final JsonNode OPENAPI = readOpenApi();
  private static final JsonSchema EVAL_LOG = evalLogSchema();

  private static JsonNode readOpenApi() {
    try {
      return LENIENT.readTree(openApiBytes());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The dialect for the document's {@code openapi} version: 3.1 is JSON Schema 2020-12's. */
  static JsonMetaSchema dialect(String openapiVersion) {
    if (openapiVersion.startsWith("3.1.")) {
      return OpenApi31.getInstance();
    }
    if (openapiVersion.startsWith("3.0.")) {
      return OpenApi30.getInstance();
    }
    throw new IllegalArgumentException("openapi: " + openapiVersion + " (expected: 3.0 or 3.1)");
  }

  /**
   * {@code {"$schema": <dialect>, "$ref": "#/components/schemas/EvalLog", "components": …}}: the
   * components inlined where Inspect's references ({@code #/components/schemas/X}) point.
   */
  private static JsonSchema evalLogSchema() {
    JsonMetaSchema dialect = dialect(OPENAPI.get("openapi").asText());
    ObjectNode wrapper = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    wrapper.put("$schema", dialect.getIri());
    wrapper.put("$ref", "#/components/schemas/EvalLog");
    wrapper.set("components", OPENAPI.get("components"));
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b -> b.metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri()));
    return factory.getSchema(wrapper);
  }

  /** What Inspect's schema finds wrong with a log; empty when it validates. */
  public static List<String> problems(JsonNode log) {
    return EVAL_LOG.validate(log).stream().map(ValidationMessage::getMessage).toList();
  }

  /** {@link #problems(JsonNode)} of a log's JSON bytes (NaN allowed, as Inspect writes it). */
  public static List<String> problems(byte[] json) {
    try {
      return problems(LENIENT.readTree(json));
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }
}
