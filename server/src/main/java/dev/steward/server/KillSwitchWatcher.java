package dev.steward.server;

import dev.steward.policy.KillSwitches;
import dev.steward.store.KillSwitchStorage;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kill switches engaged now, as this node knows them: a switch engaged on any node, or with
 * {@code steward killswitch}, stops traffic on every node within a second ({@link StoreWatcher}).
 */
final class KillSwitchWatcher extends StoreWatcher<KillSwitches> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(KillSwitchWatcher.class);

  KillSwitchWatcher(KillSwitchStorage storage) {
    super(
        "kill switches",
        storage::version,
        () -> of(storage.active()),
        s -> (s.providers().size() + s.models().size() + s.useCases().size()) + " engaged",
        KillSwitches.NONE);
  }

  static KillSwitches of(List<KillSwitch> active) {
    Set<String> providers = new HashSet<>();
    Set<String> models = new HashSet<>();
    Set<String> useCases = new HashSet<>();
    for (KillSwitch s : active) {
      switch (s.scope()) {
        case KillSwitches.PROVIDER -> providers.add(s.target());
        case KillSwitches.MODEL -> models.add(s.target());
        case KillSwitches.USE_CASE -> useCases.add(s.target());
        default -> LOG.warn("kill switch {}: unknown scope {} ignored", s.id(), s.scope());
      }
    }
    return new KillSwitches(providers, models, useCases);
  }
}
