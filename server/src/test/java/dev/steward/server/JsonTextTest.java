package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Transformations inside tool-call arguments keep them valid JSON. */
class JsonTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UnaryOperator<String> MASK_DIGITS = s -> s.replaceAll("[0-9]", "*");

  @Test
  void stringsAndNumbers_areTransformed_inPlace_andTheResultParses() throws Exception {
    String args =
        "{\"nhs\":4505577104,\"note\":\"call 07700 900123\",\"nested\":[{\"n\":12},true,null],"
            + "\"ok\":\"none\"}";
    String out = JsonText.map(args, MASK_DIGITS);
    assertThat(JSON.readTree(out).path("nhs").asText()).isEqualTo("**********");
    assertThat(JSON.readTree(out).path("note").asText()).isEqualTo("call ***** ******");
    assertThat(JSON.readTree(out).at("/nested/0/n").asText()).isEqualTo("**");
    assertThat(JSON.readTree(out).at("/nested/1").asBoolean()).isTrue();
    assertThat(JSON.readTree(out).path("ok").asText()).isEqualTo("none");
  }

  @Test
  void untouchedArguments_comeBackByteForByte() {
    String args = "{ \"city\" : \"Leeds\",\n \"days\": [1, 2] }";
    assertThat(JsonText.map(args, s -> s)).isSameAs(args);
  }

  @Test
  void keysAreNeverTransformed_andQuotesInValuesStayEscaped() throws Exception {
    String args = "{\"4111\":\"say \\\"4111\\\"\"}";
    String out = JsonText.map(args, MASK_DIGITS);
    assertThat(JSON.readTree(out).has("4111")).isTrue();
    assertThat(JSON.readTree(out).path("4111").asText()).isEqualTo("say \"****\"");
  }

  @Test
  void textThatIsNotJson_isTransformedWhole() {
    assertThat(JsonText.map("{\"broken\": 12", MASK_DIGITS)).isEqualTo("{\"broken\": **");
    assertThat(JsonText.map("\"12\"", MASK_DIGITS)).isEqualTo("\"**\"");
    assertThat(JsonText.map("", MASK_DIGITS)).isEmpty();
  }
}
