package dev.steward.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One upstream provider.
 *
 * @param name the provider's key in the {@code providers} map
 * @param baseUri where its API lives (absent only for the sandbox)
 * @param apiKey the gateway's credential for it, when it needs one
 * @param sovereign whether it runs on national compute under UK control
 * @param capacity the pool limits of a self-hosted provider, when set
 * @param headers extra headers sent on every call (values are not secrets)
 * @param modelOptions per upstream model options, e.g. the sandbox's {@code behaviour}
 */
public record ProviderConfig(
    String name,
    Protocol protocol,
    @Nullable URI baseUri,
    @Nullable Secret apiKey,
    Residency residency,
    Classification maxClassification,
    boolean sovereign,
    Timeouts timeouts,
    @Nullable Capacity capacity,
    Map<String, String> headers,
    Map<String, Map<String, String>> modelOptions) {
  public ProviderConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(residency, "residency");
    Objects.requireNonNull(maxClassification, "maxClassification");
    Objects.requireNonNull(timeouts, "timeouts");
    headers = Map.copyOf(headers);
    modelOptions = Map.copyOf(modelOptions);
  }

  /** The options configured for one upstream model, or none. */
  public Map<String, String> optionsFor(String upstreamModel) {
    return modelOptions.getOrDefault(upstreamModel, Map.of());
  }
}
