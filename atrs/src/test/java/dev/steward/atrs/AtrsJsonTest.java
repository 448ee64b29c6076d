package dev.steward.atrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.atrs.AtrsRecord.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtrsJsonTest {
  private final AtrsRecord record =
      AtrsGeneratorTest.generate(AtrsGeneratorTest.TRANSPARENCY, AtrsGeneratorTest.fullEvidence());

  @Test
  void write_topLevelKeysInOrder() throws Exception {
    JsonNode root = new ObjectMapper().readTree(AtrsJson.write(record));

    List<String> keys = new ArrayList<>();
    root.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "service",
            "template_version",
            "generated_at",
            "tier1",
            "tier2",
            "missing",
            "missing_required");
    assertThat(root.get("service").asText()).isEqualTo("justice/probation-notes");
    assertThat(root.get("template_version").asText()).isEqualTo("ATRS 3.0");
    assertThat(root.get("generated_at").asText()).isEqualTo("2026-11-27T12:00:00Z");
  }

  @Test
  void write_fieldShape_textListAndMissing() throws Exception {
    JsonNode root = new ObjectMapper().readTree(AtrsJson.write(record));

    JsonNode name = root.at("/tier1/0");
    List<String> keys = new ArrayList<>();
    name.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly("id", "reference", "title", "required", "kind", "source", "value");
    assertThat(name.get("id").asText()).isEqualTo("tier1.name");
    assertThat(name.get("reference").asText()).isEqualTo("1.1");
    assertThat(name.get("required").asBoolean()).isTrue();
    assertThat(name.get("kind").asText()).isEqualTo("text");
    assertThat(name.get("source").asText()).isEqualTo("generated");
    assertThat(name.get("value").asText()).isEqualTo("Probation notes assistant");

    JsonNode website = root.at("/tier1/2");
    assertThat(website.get("id").asText()).isEqualTo("tier1.website-url");
    assertThat(website.get("source").asText()).isEqualTo("missing");
    assertThat(website.has("value")).isFalse();

    JsonNode risks = root.at("/tier2/6");
    assertThat(risks.get("id").asText()).isEqualTo("tier2.risks");
    assertThat(risks.get("reference").asText()).isEqualTo("2.5");
    assertThat(risks.get("title").asText()).isEqualTo("Risks, mitigations and impact assessments");
    JsonNode impact = risks.at("/fields/0");
    assertThat(impact.get("kind").asText()).isEqualTo("list");
    assertThat(impact.get("source").asText()).isEqualTo("config");
    assertThat(impact.get("value").isArray()).isTrue();
    assertThat(impact.get("value")).hasSize(2);

    List<String> missing = new ArrayList<>();
    root.get("missing").forEach(m -> missing.add(m.asText()));
    assertThat(missing).isEqualTo(record.missing()).contains("tier1.website-url");
  }

  @Test
  void read_write_roundTripKeepsEveryFieldAndId() {
    AtrsRecord back = AtrsJson.read(AtrsJson.write(record));

    assertThat(back).isEqualTo(record);
    assertThat(back.fields())
        .extracting(Field::id)
        .isEqualTo(record.fields().stream().map(Field::id).toList());
    assertThat(AtrsJson.write(back)).isEqualTo(AtrsJson.write(record));
  }

  @Test
  void read_notARecord_namesWhatIsWrong() {
    assertThatThrownBy(() -> AtrsJson.read("{\"service\":\"a/b\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tier1: absent (expected: a list)");
    assertThatThrownBy(() -> AtrsJson.read("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ATRS record: not a JSON object");
  }
}
