package dev.steward.server;

import dev.steward.config.ModelConfig;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.store.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/models}: the model aliases the calling key's use case may use, and no others. */
final class Models {
  private final StewardConfig config;
  private final Authenticator authenticator;
  private final OpenAiWire wire;
  private final long created;

  Models(StewardConfig config, Authenticator authenticator, OpenAiWire wire, long created) {
    this.config = config;
    this.authenticator = authenticator;
    this.wire = wire;
    this.created = created;
  }

  /** The list (or, with {@code one}, that single model) as OpenAI's JSON. */
  byte[] list(@Nullable String key, @Nullable String one) {
    Principal p = authenticator.authenticate(key);
    UseCaseConfig useCase = ModelAccessStage.useCase(config, p);
    List<ModelConfig> visible = new ArrayList<>();
    for (ModelConfig m : config.models().values()) {
      if (useCase.allows(m.alias())) {
        visible.add(m);
      }
    }
    visible.sort(Comparator.comparing(ModelConfig::alias));
    if (one != null) {
      ModelConfig m =
          visible.stream()
              .filter(x -> x.alias().equals(one))
              .findFirst()
              .orElseThrow(
                  () ->
                      new StewardException(
                          ErrorCode.MODEL_NOT_FOUND,
                          "model '" + HttpFront.clip(one) + "': not available to this key",
                          "model",
                          null,
                          null));
      return wire.encodeModel(m.alias(), created);
    }
    return wire.encodeModelList(visible.stream().map(ModelConfig::alias).toList(), created);
  }

  boolean isSandbox(String providerName) {
    ProviderConfig p = config.providers().get(providerName);
    return p != null && p.protocol() == Protocol.SANDBOX;
  }
}
