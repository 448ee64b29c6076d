package dev.steward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderCallTest {
  private static final ChatRequest REQUEST =
      ChatRequest.builder("m").messages(java.util.List.of(Message.of(Role.USER, "hi"))).build();

  @Test
  void withoutHeaders_sharesTheEmptyMap_andWithNoneAddedIsTheSameCall() {
    ProviderCall call = new ProviderCall("r", REQUEST, Map.of());

    assertThat(call.headers()).isSameAs(Map.of());
    assertThat(call.withHeaders(Map.of())).isSameAs(call);
  }

  @Test
  void withHeaders_addsToTheCallsHeaders_laterValueWins() {
    ProviderCall call =
        new ProviderCall("r", REQUEST, Map.of(), Map.of("a", "1", "traceparent", "old"))
            .withHeaders(Map.of("traceparent", "new"));

    assertThat(call.headers())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "traceparent", "new"));
  }

  @Test
  void headers_areCopied() {
    Map<String, String> mutable = new HashMap<>(Map.of("a", "1"));
    ProviderCall call = new ProviderCall("r", REQUEST, Map.of(), mutable);
    mutable.put("b", "2");

    assertThat(call.headers()).containsOnlyKeys("a");
  }

  @Test
  void headerValueWithALineBreak_rejected() {
    assertThatThrownBy(
            () -> new ProviderCall("r", REQUEST, Map.of(), Map.of("a", "1\r\nHost: evil")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
  }

  @Test
  void headerNameThatIsNotAToken_rejected() {
    assertThatThrownBy(() -> new ProviderCall("r", REQUEST, Map.of(), Map.of("a b", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP token");
    assertThatThrownBy(() -> new ProviderCall("r", REQUEST, Map.of(), Map.of("", "1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
