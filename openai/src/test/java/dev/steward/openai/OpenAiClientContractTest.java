package dev.steward.openai;

import dev.steward.config.Protocol;
import org.jspecify.annotations.Nullable;

/** The provider contract against recorded OpenAI answers. */
class OpenAiClientContractTest extends OpenAiWireContract {

  @Override
  String vendor() {
    return "openai";
  }

  @Override
  Protocol protocol() {
    return Protocol.OPENAI;
  }

  @Override
  @Nullable String apiKey() {
    return "sk-test-steward";
  }

  @Override
  String maxTokensField() {
    return "max_completion_tokens";
  }

  @Override
  String otherMaxTokensField() {
    return "max_tokens";
  }
}
