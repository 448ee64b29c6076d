package dev.steward.cli;

import dev.steward.config.Classification;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.policy.Decision;
import dev.steward.policy.RoutePolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * What {@code steward policy lint} warns about in a configuration the loader accepts: policy that
 * cannot do what it seems to say. Each check asks {@link RoutePolicy} itself, so a warning is what
 * the gateway would decide, not a second reading of the rules.
 *
 * <ul>
 *   <li>a use case's model that no route could serve for it at any classification (residency,
 *       providers), or that could never take the use case's default classification, so every
 *       unlabelled request to it is refused;
 *   <li>{@code classification.default} set on a use case that refuses unlabelled requests, where it
 *       is never used;
 *   <li>a provider that is not sovereign with a {@code max-classification} of SECRET or above,
 *       which routing never uses;
 *   <li>a sandbox provider in a file that does not allow the sandbox ({@code steward serve} refuses
 *       it);
 *   <li>a provider no model routes to; a model no use case lists;
 *   <li>no {@code policy-version}.
 * </ul>
 */
final class PolicyLint {
  private PolicyLint() {}

  /**
   * One warning.
   *
   * @param at the key path: mapping keys as strings, list indexes as integers
   */
  record Warning(List<Object> at, String message) {
    Warning {
      at = List.copyOf(at);
      Objects.requireNonNull(message, "message");
    }

    /** The dotted key path, as configuration problems name it: {@code a.b[0].c}. */
    String path() {
      StringBuilder out = new StringBuilder();
      for (Object segment : at) {
        if (segment instanceof Integer i) {
          out.append('[').append(i).append(']');
        } else {
          if (!out.isEmpty()) {
            out.append('.');
          }
          out.append(segment);
        }
      }
      return out.toString();
    }
  }

  /**
   * The warnings for a configuration.
   *
   * @param root the file's YAML tree, to tell keys the file sets from defaults; null if unknown
   */
  static List<Warning> lint(StewardConfig config, @Nullable Node root) {
    List<Warning> out = new ArrayList<>();
    if (config.policyVersion().equals(StewardConfig.UNVERSIONED)
        && (root == null || PolicyYaml.position(root, List.of("policy-version")).isEmpty())) {
      out.add(
          new Warning(
              List.of("policy-version"),
              "missing: decisions will name the policy 'unversioned' (expected: a version such as"
                  + " 2026-11-27.1, changed with each policy change)"));
    }
    providers(config, out);
    models(config, out);
    new TreeMap<>(config.departments())
        .forEach(
            (d, dept) ->
                new TreeMap<>(dept.services())
                    .forEach(
                        (s, service) ->
                            new TreeMap<>(service.useCases())
                                .forEach(
                                    (u, useCase) ->
                                        useCase(
                                            config,
                                            List.of(
                                                "departments", d, "services", s, "use-cases", u),
                                            useCase,
                                            root,
                                            out))));
    return out;
  }

  private static void providers(StewardConfig config, List<Warning> out) {
    Set<String> routed =
        config.models().values().stream()
            .flatMap(m -> m.routes().stream())
            .map(RouteConfig::provider)
            .collect(Collectors.toSet());
    for (ProviderConfig p : new TreeMap<>(config.providers()).values()) {
      if (!p.sovereign() && p.maxClassification().compareTo(Classification.SECRET) >= 0) {
        out.add(
            new Warning(
                List.of("providers", p.name(), "max-classification"),
                RoutePolicy.label(p.maxClassification())
                    + " on a provider that is not sovereign: SECRET and above go to sovereign"
                    + " providers only, so it receives OFFICIAL-SENSITIVE at most (expected:"
                    + " OFFICIAL-SENSITIVE, or sovereign: true)"));
      }
      if (p.protocol() == Protocol.SANDBOX && !config.sandboxAllowed()) {
        out.add(
            new Warning(
                List.of("providers", p.name(), "protocol"),
                "sandbox, but the file does not say 'sandbox: allowed': steward serve refuses"
                    + " it"));
      }
      if (!routed.contains(p.name())) {
        out.add(new Warning(List.of("providers", p.name()), "no model routes to it"));
      }
    }
  }

  private static void models(StewardConfig config, List<Warning> out) {
    List<UseCaseConfig> useCases =
        config.departments().values().stream()
            .map(DepartmentConfig::services)
            .flatMap(s -> s.values().stream())
            .map(ServiceConfig::useCases)
            .flatMap(u -> u.values().stream())
            .toList();
    if (useCases.isEmpty() || useCases.stream().anyMatch(u -> u.models().isEmpty())) {
      return; // without use cases nothing is served; a use case without models allows every alias
    }
    for (String alias : new TreeMap<>(config.models()).keySet()) {
      if (useCases.stream().noneMatch(u -> u.models().contains(alias))) {
        out.add(
            new Warning(
                List.of("models", alias),
                "no use case lists it in models, so nothing can call it"));
      }
    }
  }

  private static void useCase(
      StewardConfig config,
      List<Object> at,
      UseCaseConfig useCase,
      @Nullable Node root,
      List<Warning> out) {
    if (useCase.refuseUnlabelled()
        && root != null
        && PolicyYaml.position(root, path(at, "classification", "default")).isPresent()) {
      out.add(
          new Warning(
              path(at, "classification", "default"),
              "never used: with unlabelled: refuse, a request without a label is refused"));
    }
    Map<String, ProviderConfig> providers = config.providers();
    if (useCase.models().isEmpty()) {
      // Every alias is allowed: warn only when none can serve.
      List<ModelConfig> all = List.copyOf(config.models().values());
      if (all.stream().noneMatch(m -> serves(m, useCase, providers, Classification.OFFICIAL))) {
        out.add(new Warning(at, "no model can serve it at any classification (check residency)"));
      } else if (!useCase.refuseUnlabelled()
          && all.stream().noneMatch(m -> serves(m, useCase, providers, null))) {
        out.add(
            new Warning(
                at,
                "no model can take its default classification "
                    + RoutePolicy.label(useCase.defaultClassification())
                    + ", so every request without a label is refused"));
      }
      return;
    }
    for (int i = 0; i < useCase.models().size(); i++) {
      ModelConfig model = config.models().get(useCase.models().get(i));
      if (model == null) {
        continue; // the loader reports unknown aliases
      }
      List<Object> item = path(at, "models", i);
      Decision lowest =
          RoutePolicy.decide(RoutePolicy.label(Classification.OFFICIAL), useCase, model, providers);
      if (lowest instanceof Decision.Deny deny) {
        out.add(
            new Warning(
                item,
                "'"
                    + model.alias()
                    + "' can never serve this use case, whatever the label: "
                    + deny.message()));
        continue;
      }
      if (!useCase.refuseUnlabelled()
          && RoutePolicy.decide(null, useCase, model, providers) instanceof Decision.Deny deny) {
        out.add(
            new Warning(
                item,
                "'"
                    + model.alias()
                    + "': every request without a label is refused ("
                    + deny.reason().code()
                    + "): "
                    + deny.message()));
      }
    }
  }

  /** Whether some route of {@code model} may take {@code label} (null: the default) for it. */
  private static boolean serves(
      ModelConfig model,
      UseCaseConfig useCase,
      Map<String, ProviderConfig> providers,
      @Nullable Classification label) {
    return RoutePolicy.decide(
            label == null ? null : RoutePolicy.label(label), useCase, model, providers)
        instanceof Decision.Allow;
  }

  private static List<Object> path(List<Object> at, Object... more) {
    List<Object> out = new ArrayList<>(at);
    out.addAll(List.of(more));
    return out;
  }

  /** Sorts warnings as problems are: by position, those without one first, then by path. */
  static Comparator<Warning> byPosition(@Nullable Node root) {
    return Comparator.<Warning>comparingInt(w -> position(root, w)[0])
        .thenComparingInt(w -> position(root, w)[1])
        .thenComparing(Warning::path);
  }

  /** {line, column}, 1-based, or {0, 0} when the path is not in the file. */
  static int[] position(@Nullable Node root, Warning w) {
    if (root == null) {
      return new int[] {0, 0};
    }
    return PolicyYaml.position(root, w.at())
        .map(m -> new int[] {m.getLine() + 1, m.getColumn() + 1})
        .orElse(new int[] {0, 0});
  }
}
