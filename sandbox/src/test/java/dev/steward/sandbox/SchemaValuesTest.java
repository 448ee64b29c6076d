package dev.steward.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaValuesTest {

  static Stream<String> schemas() {
    return Stream.of(
        "{}",
        "true",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}",
        "{\"type\":\"string\",\"minLength\":12,\"maxLength\":12}",
        "{\"type\":\"string\",\"maxLength\":3}",
        "{\"type\":\"string\",\"format\":\"date\"}",
        "{\"type\":\"string\",\"format\":\"date-time\"}",
        "{\"type\":\"string\",\"format\":\"time\"}",
        "{\"type\":\"string\",\"format\":\"email\"}",
        "{\"type\":\"string\",\"format\":\"uuid\"}",
        "{\"type\":\"string\",\"format\":\"uri\"}",
        "{\"type\":\"string\",\"format\":\"ipv4\"}",
        "{\"type\":\"string\",\"format\":\"ipv6\"}",
        "{\"type\":\"string\",\"format\":\"hostname\"}",
        "{\"type\":\"string\",\"format\":\"duration\"}",
        "{\"type\":\"string\",\"pattern\":\"^[A-Z]{2}[0-9]{4}$\"}",
        "{\"type\":\"string\",\"pattern\":\"^\\\\d{3}-\\\\d{2}-\\\\d{4}$\"}",
        "{\"type\":\"string\",\"pattern\":\"^(red|green|blue)$\"}",
        "{\"type\":\"string\",\"pattern\":\"^[a-z]+(-[a-z]+)*$\",\"minLength\":10}",
        "{\"type\":\"string\",\"pattern\":\"abc\",\"minLength\":8}",
        "{\"type\":\"string\",\"pattern\":\"^[^0-9]{3,5}$\"}",
        "{\"type\":\"integer\",\"minimum\":100,\"maximum\":200}",
        "{\"type\":\"integer\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":2}",
        "{\"type\":\"integer\",\"minimum\":-50,\"maximum\":-10,\"multipleOf\":7}",
        "{\"type\":\"number\",\"minimum\":0,\"maximum\":1}",
        "{\"type\":\"number\",\"exclusiveMinimum\":0.1,\"exclusiveMaximum\":0.2}",
        "{\"type\":\"number\",\"multipleOf\":0.01,\"minimum\":1.005}",
        "{\"type\":\"integer\",\"multipleOf\":0.5,\"minimum\":3.2}",
        "{\"type\":\"integer\",\"minimum\":1e20}",
        "{\"type\":\"boolean\"}",
        "{\"type\":\"null\"}",
        "{\"type\":[\"string\",\"null\"]}",
        "{\"type\":[\"null\",\"integer\"],\"minimum\":5}",
        "{\"enum\":[\"a\",1,null]}",
        "{\"const\":{\"fixed\":[1,2]}}",
        "{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":3,\"maxItems\":5}",
        "{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9},"
            + "\"minItems\":4,\"uniqueItems\":true}",
        "{\"type\":\"array\",\"items\":{\"type\":\"string\",\"format\":\"email\"},"
            + "\"minItems\":3,\"uniqueItems\":true}",
        "{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],"
            + "\"items\":false,\"minItems\":2}",
        "{\"type\":\"array\",\"contains\":{\"type\":\"integer\"},\"items\":{\"type\":[\"string\","
            + "\"integer\"]}}",
        "{\"type\":\"array\",\"maxItems\":0}",
        "{\"anyOf\":[{\"type\":\"string\",\"minLength\":2,\"maxLength\":1},{\"type\":\"integer\",\"minimum\":7}]}",
        "{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}",
        "{\"oneOf\":[{\"type\":\"string\",\"maxLength\":7},{\"type\":\"string\",\"minLength\":3}]}",
        "{\"type\":\"object\",\"properties\":{\"kind\":{\"type\":\"string\"}},"
            + "\"oneOf\":[{\"properties\":{\"kind\":{\"const\":\"circle\"},\"radius\":{\"type\":"
            + "\"number\"}},\"required\":[\"kind\",\"radius\"]},{\"properties\":{\"kind\":{\"const\":"
            + "\"square\"},\"side\":{\"type\":\"number\"}},\"required\":[\"kind\",\"side\"]}]}",
        "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":"
            + "[\"a\"]},{\"properties\":{\"b\":{\"type\":\"integer\",\"maximum\":3}},\"required\":"
            + "[\"b\"]}]}",
        "{\"allOf\":[{\"type\":\"integer\",\"minimum\":10},{\"maximum\":12},{\"multipleOf\":4}]}",
        "{\"allOf\":[{\"type\":\"number\"},{\"type\":\"integer\"}]}",
        "{\"not\":{\"type\":\"string\"}}",
        "{\"type\":\"object\",\"minProperties\":3}",
        "{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{},\"c\":{}},\"maxProperties\":1}",
        "{\"type\":\"object\",\"properties\":{\"x\":false,\"y\":{\"type\":\"string\"}}}",
        "{\"type\":\"object\",\"patternProperties\":{\"^n_\":{\"type\":\"integer\"}},"
            + "\"properties\":{\"n_count\":{}},\"required\":[\"n_count\"]}",
        "{\"type\":\"object\",\"required\":[\"extra\"],\"additionalProperties\":{\"type\":"
            + "\"boolean\"}}",
        "{\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":"
            + "\"string\"},\"postcode\":{\"type\":\"string\",\"pattern\":\"^[A-Z0-9 ]+$\"}},"
            + "\"required\":[\"street\",\"postcode\"]}},\"type\":\"object\",\"properties\":"
            + "{\"home\":{\"$ref\":\"#/$defs/address\"},\"work\":{\"$ref\":\"#/$defs/address\"}},"
            + "\"required\":[\"home\"]}",
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"definitions\":{\"n\":"
            + "{\"type\":\"integer\",\"minimum\":3}},\"type\":\"array\",\"items\":[{\"$ref\":"
            + "\"#/definitions/n\"},{\"type\":\"string\"}],\"additionalItems\":false}",
        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"number\","
            + "\"minimum\":5,\"exclusiveMaximum\":6}",
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"children\":"
            + "{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}},\"required\":[\"name\","
            + "\"children\"]}",
        "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"integer\"},\"next\":"
            + "{\"anyOf\":[{\"$ref\":\"#\"},{\"type\":\"null\"}]}},\"required\":[\"value\","
            + "\"next\"]}",
        "{\"$defs\":{\"a~b/c\":{\"type\":\"boolean\"}},\"$ref\":\"#/$defs/a~0b~1c\"}",
        "{\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\",\"format\":"
            + "\"email\"},\"age\":{\"type\":\"integer\",\"minimum\":18,\"maximum\":120},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true,"
            + "\"minItems\":2},\"createdAt\":{\"type\":\"string\",\"format\":\"date-time\"}},"
            + "\"required\":[\"email\",\"age\",\"tags\",\"createdAt\"],"
            + "\"additionalProperties\":false}");
  }

  @ParameterizedTest
  @MethodSource("schemas")
  void valueFor_variedSchemas_validatesIndependently(String schemaJson) {
    JsonNode schema = Schemas.parse(schemaJson);

    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(Schemas.errors(schema, value)).as("value %s", value).isEmpty();
    assertThat(SchemaValues.satisfies(schema, value)).isTrue();
    assertThat(SchemaValues.valueFor(Schemas.parse(schemaJson))).isEqualTo(value);
  }

  @Test
  void independentValidator_assertsFormatsAndUniqueness() {
    assertThat(Schemas.errors(Schemas.parse("{\"format\":\"email\"}"), Schemas.parse("\"x\"")))
        .isNotEmpty();
    assertThat(Schemas.errors(Schemas.parse("{\"uniqueItems\":true}"), Schemas.parse("[1,1]")))
        .isNotEmpty();
  }

  @Test
  void valueFor_namedProperties_arePlausible() {
    JsonNode schema =
        Schemas.parse(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"countryCode\":"
                + "{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},\"latitude\":{\"type\":"
                + "\"number\"},\"is_active\":{}}}");

    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(value.get("city").asText()).isEqualTo("London");
    assertThat(value.get("countryCode").asText()).isEqualTo("GB");
    assertThat(value.get("age").asInt()).isEqualTo(42);
    assertThat(value.get("latitude").decimalValue()).isEqualByComparingTo("51.5074");
    assertThat(value.get("is_active").isBoolean()).isTrue();
  }

  @Test
  void valueFor_plausibleGuessBreaksConstraint_fallsBackToValidValue() {
    JsonNode schema =
        Schemas.parse(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"maxLength\":3},"
                + "\"age\":{\"type\":\"integer\",\"maximum\":5}},\"required\":[\"city\",\"age\"]}");

    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(value.get("city").asText()).isEqualTo("Lon");
    assertThat(value.get("age").asInt()).isEqualTo(5);
    assertThat(Schemas.errors(schema, value)).isEmpty();
  }

  @Test
  void valueFor_optionalPropertiesIncluded_andAdditionalPropertiesRespected() {
    JsonNode schema =
        Schemas.parse(
            "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{},\"b\":{}},"
                + "\"additionalProperties\":false},{\"properties\":{\"c\":{}}}]}");

    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(value.properties()).extracting(e -> e.getKey()).containsExactly("a", "b");
  }

  @Test
  void objectFor_schemaSilentOnType_givesObject() {
    assertThat(SchemaValues.objectFor(Schemas.parse("{}")).isObject()).isTrue();
    assertThat(SchemaValues.objectFor(Schemas.parse("{\"type\":\"string\"}")).isEmpty()).isTrue();
  }

  @Test
  void valueFor_unsatisfiable_returnsBestEffortWithoutThrowing() {
    JsonNode schema = Schemas.parse("{\"type\":\"integer\",\"minimum\":5,\"maximum\":1}");

    JsonNode value = SchemaValues.valueFor(schema);

    assertThat(SchemaValues.satisfies(schema, value)).isFalse();
  }

  @Test
  void patternSamples_unsupportedSyntax_yieldNothing_supportedOnesMatch() {
    assertThat(PatternStrings.samples("^(?=a)b$", 0)).isEmpty();
    assertThat(PatternStrings.samples("(a)\\1", 0)).isEmpty();
    List<String> samples = PatternStrings.samples("^[A-Z]{2}\\d{2,}[a-f]?$", 5);
    assertThat(samples).isNotEmpty();
    assertThat(samples).allMatch(s -> s.matches("[A-Z]{2}\\d{2,}[a-f]?"));
    assertThat(samples).anyMatch(s -> s.length() >= 5);
  }
}
