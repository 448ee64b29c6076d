package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/spec/config.schema.json describes what the loader accepts. */
class SchemaTest {

  /** The example configurations (policy test cases, {@code *-cases.yaml}, are another format). */
  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.list(ConfigLoaderTest.EXAMPLES)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith("-cases.yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void example_validatesAgainstTheSchema(Path example) throws Exception {
    assertThat(SchemaSupport.validate(Files.readString(example))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void example_loads(Path example) {
    assertThat(ConfigLoader.load(example, java.util.Map.of()).models()).isNotEmpty();
  }

  @Test
  void minimal_validatesAgainstTheSchema() {
    assertThat(SchemaSupport.validate(Yaml.MINIMAL)).isEmpty();
  }

  @Test
  void schema_patterns_equalTheLoaders() {
    JsonNode defs = SchemaSupport.schemaJson().get("$defs");

    assertThat(defs.at("/duration/pattern").asText()).isEqualTo(Units.DURATION_PATTERN);
    assertThat(defs.at("/size/oneOf/1/allOf/0/pattern").asText()).isEqualTo(Units.SIZE_PATTERN);
    assertThat(defs.at("/provider/properties/base-uri/pattern").asText())
        .isEqualTo("^" + ConfigBinder.BASE_URI.pattern() + "$");
    assertThat(defs.at("/route/properties/provider/pattern").asText())
        .isEqualTo("^" + ConfigBinder.ID.pattern() + "$");
    assertThat(SchemaSupport.schemaJson().at("/properties/models/propertyNames/pattern").asText())
        .isEqualTo("^" + ConfigBinder.ALIAS.pattern() + "$");
  }

  @Test
  void schema_topLevelProperties_areTheLoadersSections() {
    assertThat(SchemaSupport.schemaJson().get("properties").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(ConfigBinder.SECTIONS);
  }

  @Test
  void docsExample_loadsAndValidates() throws Exception {
    String doc = Files.readString(Path.of("../docs/spec/config.md"));
    String afterHeading = doc.substring(doc.indexOf("## Example"));
    int start = afterHeading.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = afterHeading.substring(start, afterHeading.indexOf("```", start));

    assertThat(SchemaSupport.validate(yaml)).isEmpty();
    assertThat(Yaml.parse(yaml).models()).containsOnlyKeys("general");
  }
}
