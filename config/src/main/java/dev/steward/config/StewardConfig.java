package dev.steward.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration, frozen once loaded.
 *
 * @param sandboxAllowed whether the sandbox provider may serve ({@code sandbox: allowed})
 * @param dataDir the data directory from the file, when it names one
 * @param prices GBP per million tokens, keyed by {@code provider/model}
 * @param transparencyLog the log every exchange and change is committed to
 * @param storage where keys, the ledger and the audit outbox live
 * @param policyVersion the version the file gives its policy ({@code policy-version}), or {@value
 *     #UNVERSIONED}
 */
public record StewardConfig(
    ServerConfig server,
    boolean sandboxAllowed,
    @Nullable String dataDir,
    Map<String, ProviderConfig> providers,
    Map<String, ModelConfig> models,
    Map<String, Price> prices,
    Map<String, DepartmentConfig> departments,
    TransparencyLogConfig transparencyLog,
    StorageConfig storage,
    String policyVersion) {
  /** The policy version of a file that names none. */
  public static final String UNVERSIONED = "unversioned";

  public StewardConfig {
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(transparencyLog, "transparencyLog");
    providers = Map.copyOf(providers);
    models = Map.copyOf(models);
    prices = Map.copyOf(prices);
    departments = Map.copyOf(departments);
  }

  public Optional<ModelConfig> model(String alias) {
    return Optional.ofNullable(models.get(alias));
  }

  public Optional<UseCaseConfig> useCase(String department, String service, String useCase) {
    DepartmentConfig d = departments.get(department);
    if (d == null) {
      return Optional.empty();
    }
    ServiceConfig s = d.services().get(service);
    if (s == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(s.useCases().get(useCase));
  }

  public Price price(String routeId) {
    return prices.getOrDefault(routeId, Price.FREE);
  }
}
