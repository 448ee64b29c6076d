package dev.steward.server;

import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.Protocol;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.policy.ModelAccess;
import dev.steward.sandbox.SandboxClient;
import dev.steward.store.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Resolves the model alias the caller named and checks the caller's use case may call it for this
 * endpoint. Also reads per-request sandbox directives ({@code X-Steward-Sandbox-*} headers), which
 * only the sandbox provider acts on.
 */
final class ModelAccessStage implements Stage {
  /** Directive names a caller may set with {@code X-Steward-Sandbox-<name>} headers. */
  static final List<String> SANDBOX_DIRECTIVES =
      List.of(
          SandboxClient.BEHAVIOUR,
          SandboxClient.LATENCY_MS,
          SandboxClient.FIRST_BYTE_MS,
          SandboxClient.FAIL_STATUS,
          SandboxClient.RETRY_AFTER_SECONDS,
          SandboxClient.FAIL_AFTER_CHUNKS);

  private final StewardConfig config;

  /** Aliases with a route on the sandbox: only their requests have directives worth reading. */
  private final java.util.Set<String> sandboxAliases;

  ModelAccessStage(StewardConfig config) {
    this.config = config;
    this.sandboxAliases =
        config.models().values().stream()
            .filter(
                m ->
                    m.routes().stream()
                        .anyMatch(
                            r -> {
                              var p = config.providers().get(r.provider());
                              return p != null && p.protocol() == Protocol.SANDBOX;
                            }))
            .map(ModelConfig::alias)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public String name() {
    return "model-access";
  }

  /** The principal's use case; a key whose use case left the configuration cannot be used. */
  static UseCaseConfig useCase(StewardConfig config, Principal p) {
    return config
        .useCase(p.department(), p.service(), p.useCase())
        .orElseThrow(
            () ->
                new StewardException(
                    ErrorCode.FORBIDDEN,
                    "use case "
                        + p.department()
                        + "/"
                        + p.service()
                        + "/"
                        + p.useCase()
                        + " is not configured; this key cannot be used"));
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    String alias = ex.requestedModel();
    ModelKind wanted = ex.endpoint() == Endpoint.EMBEDDINGS ? ModelKind.EMBEDDING : ModelKind.CHAT;
    UseCaseConfig useCase = useCase(config, ex.requirePrincipal());
    ModelConfig model =
        switch (ModelAccess.decide(config, alias, wanted, useCase)) {
          case ModelAccess.Granted granted -> granted.model();
          case ModelAccess.Refused refused ->
              throw new StewardException(refused.code(), refused.message(), "model", null, null);
        };
    ex.useCase(useCase);
    ex.model(model);
    if (!sandboxAliases.contains(model.alias())) {
      return next.proceed(ex);
    }
    Map<String, String> directives = new HashMap<>();
    for (String name : SANDBOX_DIRECTIVES) {
      String v = ex.header("x-steward-sandbox-" + name);
      if (v != null) {
        directives.put(name, v.strip());
      }
    }
    if (!directives.isEmpty()) {
      ex.directives(directives);
    }
    return next.proceed(ex);
  }
}
