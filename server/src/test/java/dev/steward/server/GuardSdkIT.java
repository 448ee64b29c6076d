package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guards as the official OpenAI and Anthropic SDKs meet them. */
class GuardSdkIT {
  private static final String NINO = "AB123456C";

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static OpenAIClient openAi;
  private static AnthropicClient anthropic;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir, GuardIT.USE_CASES);
    String key = gw.newKey("justice", "courts", "guarded");
    openAi = gw.openAi(key);
    anthropic = gw.anthropic(key);
  }

  @AfterAll
  static void stop() {
    openAi.close();
    anthropic.close();
    gw.close();
  }

  @Test
  void openAi_pseudonymsComeBack_andTheAnswerIsMarkedADraft() {
    try (HttpResponseFor<ChatCompletion> raw =
        openAi
            .chat()
            .completions()
            .withRawResponse()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addUserMessage("Reference " + NINO + " for the tribunal.")
                    .putAdditionalHeader("X-Steward-Sandbox-Behaviour", "echo")
                    .build())) {
      assertThat(raw.parse().choices().get(0).message().content())
          .contains("[AI draft] Reference " + NINO + " for the tribunal.");
      assertThat(raw.headers().values(HttpFront.PERSONAL_DATA))
          .containsExactly("UK_NINO:pseudonymise:1");
      assertThat(raw.headers().values(HttpFront.REVIEW))
          .singleElement()
          .asString()
          .contains("draft");
    }
  }

  @Test
  void openAi_blockedPersonalData_isABadRequestNamingTheType() {
    assertThatThrownBy(
            () ->
                openAi
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("sandbox-chat")
                            .addUserMessage("My card is 4111 1111 1111 1111")
                            .build()))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("CREDIT_CARD")
        .hasMessageNotContaining("4111");
  }

  @Test
  void anthropic_streamedAnswer_hasItsPseudonymsRestored() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        anthropic
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model("sandbox-chat")
                    .maxTokens(300)
                    .addUserMessage("Is " + NINO + " on the list?")
                    .putAdditionalHeader("X-Steward-Sandbox-Behaviour", "echo")
                    .build())) {
      stream.stream()
          .forEach(
              e ->
                  e.contentBlockDelta()
                      .flatMap(d -> d.delta().text())
                      .ifPresent(t -> text.append(t.text())));
    }
    assertThat(text.toString()).isEqualTo("[AI draft] Is " + NINO + " on the list?");
  }
}
