package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.ChatRequest;
import dev.steward.core.Message;
import dev.steward.core.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolverTest {
  @Test
  void request_appliesTemplateSystemAndSettings() {
    Solver solver =
        new Solver("Be careful.", "Question: {prompt}\nAnswer briefly.", 64, 0.0, 7L, 1);

    ChatRequest r = solver.request("alias", Fixtures.sample("a", "Why?", "x"));

    assertThat(r.model()).isEqualTo("alias");
    assertThat(r.messages())
        .containsExactly(
            Message.of(Role.SYSTEM, "Be careful."),
            Message.of(Role.USER, "Question: Why?\nAnswer briefly."));
    assertThat(r.maxTokens()).isEqualTo(64);
    assertThat(r.temperature()).isZero();
    assertThat(r.seed()).isEqualTo(7L);
  }

  @Test
  void request_sampleSystem_followsTheSolversOrStandsAlone() {
    Sample withSystem = new Sample("a", "Hi", null, null, Map.of(Sample.SYSTEM, "Be brief."));

    assertThat(
            new Solver("Be careful.", "{prompt}", null, null, null, 1)
                .request("m", withSystem)
                .messages()
                .get(0))
        .isEqualTo(Message.of(Role.SYSTEM, "Be careful.\n\nBe brief."));
    assertThat(Solver.defaults().request("m", withSystem).messages())
        .containsExactly(Message.of(Role.SYSTEM, "Be brief."), Message.of(Role.USER, "Hi"));
    assertThat(Solver.defaults().request("m", Fixtures.sample("b", "Hi", "x")).messages())
        .containsExactly(Message.of(Role.USER, "Hi"));
  }

  @Test
  void request_promptWithPlaceholderText_isInsertedLiterally() {
    ChatRequest r =
        new Solver(null, "<{prompt}>", null, null, null, 1)
            .request("m", Fixtures.sample("a", "$1 {prompt}", "x"));

    assertThat(r.messages().get(0).text()).isEqualTo("<$1 {prompt}>");
  }

  @Test
  void constructor_badSettings_areRejected() {
    assertThatThrownBy(() -> new Solver(null, "no placeholder", null, null, null, 1))
        .hasMessage("template: no {prompt} (expected: a template containing {prompt})");
    assertThatThrownBy(() -> new Solver(null, "{prompt}", 0, null, null, 1))
        .hasMessage("max-tokens: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new Solver(null, "{prompt}", null, -0.5, null, 1))
        .hasMessage("temperature: -0.5 (expected: 0..2)");
    assertThatThrownBy(() -> new Solver(null, "{prompt}", null, null, null, 0))
        .hasMessage("epochs: 0 (expected: >= 1)");
  }
}
