package dev.steward.config;

import java.util.List;
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
 * @param sourceSha256 the SHA-256 of the configuration file's bytes, in lower-case hex: the hash of
 *     the policy that the transparency log's {@code policy-change} entries name, which anyone
 *     holding the file can check with {@code sha256sum}
 * @param evaluations how safety evaluations run, and the canaries run on a schedule
 * @param tracing where spans are exported, or {@code null}: tracing off
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
    String policyVersion,
    String sourceSha256,
    EvaluationsConfig evaluations,
    @Nullable TracingConfig tracing) {
  /** The policy version of a file that names none. */
  public static final String UNVERSIONED = "unversioned";

  public StewardConfig {
    Objects.requireNonNull(policyVersion, "policyVersion");
    if (!sourceSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "sourceSha256: '" + sourceSha256 + "' (expected: 64 lower-case hex digits)");
    }
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(evaluations, "evaluations");
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

  /**
   * The use case a path names: {@code department/service/use-case}, as kill switches and approvals
   * name it; empty for anything else.
   */
  public Optional<UseCaseConfig> useCase(String path) {
    String[] parts = path.split("/", -1);
    return parts.length == 3 ? useCase(parts[0], parts[1], parts[2]) : Optional.empty();
  }

  /** Every use case of every service of every department. */
  public List<UseCaseConfig> useCases() {
    return departments.values().stream()
        .flatMap(d -> d.services().values().stream())
        .flatMap(s -> s.useCases().values().stream())
        .toList();
  }

  public Price price(String routeId) {
    return prices.getOrDefault(routeId, Price.FREE);
  }
}
