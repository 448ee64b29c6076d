package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A service's {@code transparency:} block: bound, checked, and described by the schema. */
class ServiceTransparencyTest {

  private static String withService(String transparency) {
    return Yaml.MINIMAL
        + """
        departments:
          justice:
            name: Ministry of Justice
            services:
              notes:
                name: Notes
        """
        + transparency.indent(8)
        + """
                use-cases:
                  summarise: {purpose: Summarise}
        """;
  }

  private static ServiceConfig notes(String yaml) {
    DepartmentConfig d = Objects.requireNonNull(Yaml.parse(yaml).departments().get("justice"));
    return Objects.requireNonNull(d.services().get("notes"));
  }

  @Test
  void bind_textAndListFields_inKeyOrder() {
    String yaml =
        withService(
            """
            transparency:
              risks-and-mitigations: [Wrong summary, reviewed by an officer]
              senior-responsible-owner: Director of Probation
              phase: beta
              impact-assessment: DPIA 2026
              contact-email: team@justice.example.gov.uk
            """);

    ServiceTransparency t = notes(yaml).transparency();

    assertThat(t.values().keySet())
        .containsExactly(
            "contact-email",
            "senior-responsible-owner",
            "phase",
            "impact-assessment",
            "risks-and-mitigations");
    assertThat(t.value("risks-and-mitigations"))
        .contains(List.of("Wrong summary", "reviewed by an officer"));
    assertThat(t.value("impact-assessment")).contains(List.of("DPIA 2026"));
    assertThat(t.value("team")).isEmpty();
    assertThat(SchemaSupport.validate(yaml)).isEmpty();
  }

  @Test
  void bind_noBlock_isNone() {
    ServiceConfig s = notes(withService(""));

    assertThat(s.transparency()).isEqualTo(ServiceTransparency.NONE);
  }

  @Test
  void bind_badValues_reportedWithPathAndExpectation_andSchemaRejectsThem() {
    String yaml =
        withService(
            """
            transparency:
              senior-responsible-owners: Director
              phase: live
              contact-email: not-an-address
              website-url: www.example.gov.uk
              team: [One, Two]
              datasets: []
            """);

    assertThat(Yaml.problems(yaml))
        .hasSize(6)
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("senior-responsible-owners")
                    .contains("did you mean 'senior-responsible-owner'?"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("transparency.phase: 'live'")
                    .contains("pre-deployment, beta, production or retired"))
        .anySatisfy(p -> assertThat(p).contains("transparency.contact-email").contains("email"))
        .anySatisfy(p -> assertThat(p).contains("transparency.website-url").contains("URL"))
        .anySatisfy(p -> assertThat(p).contains("transparency.team").contains("string"))
        .anySatisfy(p -> assertThat(p).contains("transparency.datasets").contains("non-empty"));
    assertThat(SchemaSupport.validate(yaml)).isNotEmpty();
  }

  @Test
  void record_rejectsUnknownKeysAndManyItemsForText() {
    assertThatThrownBy(() -> new ServiceTransparency(Map.of("owner", List.of("x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("transparency.owner: unknown key");
    assertThatThrownBy(() -> new ServiceTransparency(Map.of("team", List.of("a", "b"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transparency.team: 2 items (expected: one piece of text)");
  }

  @Test
  void keys_textAndListDisjoint_andTheSchemaListsEveryKey() {
    assertThat(ServiceTransparency.TEXT_KEYS)
        .doesNotContainAnyElementsOf(ServiceTransparency.LIST_KEYS);
    assertThat(SchemaSupport.schemaJson().at("/$defs/serviceTransparency/properties").fieldNames())
        .toIterable()
        .containsExactlyElementsOf(ServiceTransparency.KEYS);
  }
}
