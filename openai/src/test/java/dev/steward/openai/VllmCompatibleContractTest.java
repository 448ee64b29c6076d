package dev.steward.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Protocol;
import dev.steward.core.ChatStream;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.Role;
import dev.steward.core.UpstreamException;
import dev.steward.testing.FakeUpstream.Scripted;
import dev.steward.testing.Transcripts;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The provider contract against recorded answers of vLLM's OpenAI-compatible server, run without an
 * API key and with a configured extra header. vLLM reports no cached prompt tokens unless started
 * with {@code --enable-prompt-tokens-details}, and its transcripts use both its older flat error
 * body and its newer wrapped one.
 */
class VllmCompatibleContractTest extends OpenAiWireContract {

  @Override
  String vendor() {
    return "vllm";
  }

  @Override
  Protocol protocol() {
    return Protocol.OPENAI_COMPATIBLE;
  }

  @Override
  @Nullable String apiKey() {
    return null;
  }

  @Override
  Map<String, String> configuredHeaders() {
    return Map.of("X-Steward-Pool", "isambard-a");
  }

  @Override
  String maxTokensField() {
    return "max_tokens";
  }

  @Override
  String otherMaxTokensField() {
    return "max_completion_tokens";
  }

  @Override
  protected boolean reportsCachedTokens() {
    return false;
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_errorEventMidway_failsWithVendorStatusAndMessage(Api api) {
    upstream.enqueue(Scripted.sse(Transcripts.read("transcripts/vllm/stream_error.sse")));
    var client = newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(5)));

    ChatStream stream = stream(api, client, new ProviderCall("req-2", textRequest(true), Map.of()));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              assertThat(e.upstreamStatus()).isEqualTo(500);
              assertThat(e.vendorType()).isEqualTo("InternalServerError");
              assertThat(e.getMessage()).contains("EngineCore encountered an issue");
            });
  }

  @Test
  void chat_developerRole_isSentAsSystem() throws Exception {
    upstream.enqueue(transcript(Scenario.CHAT_TEXT));
    var client = newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(5)));

    client.chat(
        new ProviderCall(
            "req-1",
            textRequest(false).toBuilder()
                .messages(
                    List.of(Message.of(Role.DEVELOPER, "Be brief."), Message.of(Role.USER, "Hi")))
                .build(),
            Map.of()));

    assertThat(json(upstream.lastRequest()).path("messages").path(0).path("role").asText())
        .isEqualTo("system");
  }
}
