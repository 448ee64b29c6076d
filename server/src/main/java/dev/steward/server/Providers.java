package dev.steward.server;

import dev.steward.anthropic.AnthropicClient;
import dev.steward.anthropic.AnthropicCodec;
import dev.steward.cohere.CohereClient;
import dev.steward.cohere.CohereCodec;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Secret;
import dev.steward.core.ProviderClient;
import dev.steward.openai.OpenAiClient;
import dev.steward.openai.OpenAiCodec;
import dev.steward.provider.HttpTransport;
import dev.steward.sandbox.SandboxClient;
import dev.steward.sandbox.Sleeper;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Builds one adapter per configured provider, by its protocol. Upstream hosts come from config. */
final class Providers {
  private Providers() {}

  static Map<String, ProviderClient> create(
      Map<String, ProviderConfig> providers,
      Map<String, String> env,
      HttpTransport transport,
      InstantSource clock) {
    OpenAiCodec openAi = new OpenAiCodec();
    AnthropicCodec anthropic = AnthropicCodec.create();
    CohereCodec cohere = new CohereCodec();
    Map<String, ProviderClient> clients = new LinkedHashMap<>();
    for (ProviderConfig p : providers.values()) {
      String key = secret(p, env);
      ProviderClient client =
          switch (p.protocol()) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiClient.create(p, key, transport, openAi, clock);
            case ANTHROPIC -> AnthropicClient.create(p, key, transport, anthropic);
            case COHERE -> CohereClient.create(p, key, transport, cohere, clock);
            case SANDBOX -> SandboxClient.create(p, clock, Sleeper.REAL);
          };
      clients.put(p.name(), client);
    }
    return clients;
  }

  private static @Nullable String secret(ProviderConfig p, Map<String, String> env) {
    Secret s = p.apiKey();
    if (s == null) {
      return null;
    }
    try {
      return s.resolve(env);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("providers." + p.name() + ".api-key: " + e.getMessage(), e);
    }
  }
}
