package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormTest {
  @Test
  void refill_givesEachFieldItsValueAndError_selectsTheOption_neverRefillsAPassword() {
    Form form =
        Form.post(
            "/x",
            List.of(
                Form.Field.select(
                    "scope",
                    "Scope",
                    List.of(Form.Option.of("", "Choose"), Form.Option.of("model", "model"))),
                Form.Field.text("note", "Note", null).kind("textarea"),
                Form.Field.text("key", "Key", null).kind("password")),
            "Send");

    Form refilled =
        form.refill(
            Map.of("scope", "model", "note", "INC-1", "key", "secret"),
            Map.of("note", "Too short"));

    Form.Field scope = refilled.fields().get(0);
    assertThat(scope.options()).extracting(Form.Option::selected).containsExactly(false, true);
    assertThat(scope.error()).isNull();
    assertThat(refilled.fields().get(1).value()).isEqualTo("INC-1");
    assertThat(refilled.fields().get(1).error()).isEqualTo("Too short");
    assertThat(refilled.fields().get(2).value()).isNull();
  }

  @Test
  void pageRefill_reachesTheFormOfEverySection() {
    Page page =
        Page.of(
            "P",
            List.of(
                Section.of("A")
                    .form(Form.post("/a", List.of(Form.Field.text("a", "A", null)), "Go")),
                Section.of("B").paragraphs("no form")));
    Page refilled = page.refill(Map.of("a", "1"), Map.of());
    assertThat(java.util.Objects.requireNonNull(refilled.sections().get(0).form()).fields())
        .extracting(Form.Field::value)
        .containsExactly("1");
    assertThat(refilled.sections().get(1).form()).isNull();
  }
}
