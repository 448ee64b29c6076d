package dev.steward.policy;

import java.util.Set;

/**
 * The kill switches engaged now: what may not serve, whatever the rest of the policy says. A switch
 * names a provider id, a model alias, or a use case as {@code department/service/use-case}.
 */
public record KillSwitches(Set<String> providers, Set<String> models, Set<String> useCases) {
  public static final KillSwitches NONE = new KillSwitches(Set.of(), Set.of(), Set.of());

  /** The scope names used in configuration, the admin API and the log. */
  public static final String PROVIDER = "provider";

  public static final String MODEL = "model";
  public static final String USE_CASE = "use-case";

  public KillSwitches {
    providers = Set.copyOf(providers);
    models = Set.copyOf(models);
    useCases = Set.copyOf(useCases);
  }

  public boolean isEmpty() {
    return providers.isEmpty() && models.isEmpty() && useCases.isEmpty();
  }

  /** The use case's kill-switch target: {@code department/service/use-case}. */
  public static String useCase(String department, String service, String useCase) {
    return department + "/" + service + "/" + useCase;
  }
}
