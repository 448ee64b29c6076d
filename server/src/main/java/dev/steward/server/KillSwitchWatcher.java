package dev.steward.server;

import dev.steward.policy.KillSwitches;
import dev.steward.store.KillSwitchStorage;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The kill switches engaged now, as this node knows them. Every node polls the store's change
 * counter ({@link KillSwitchStorage#version}, one cheap query) every {@value #POLL_MILLIS} ms and
 * reloads the switches only when it moved, so a switch engaged on any node, or with {@code steward
 * killswitch}, stops traffic on every node within a second.
 *
 * <p>Fails closed for what it has seen: when the store cannot be read, the switches last read stay
 * in force.
 */
final class KillSwitchWatcher implements Supplier<KillSwitches> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(KillSwitchWatcher.class);

  /** How often the store is polled. */
  static final long POLL_MILLIS = 250;

  private final KillSwitchStorage storage;
  private volatile KillSwitches current = KillSwitches.NONE;
  private long version = Long.MIN_VALUE;
  private boolean failing;

  KillSwitchWatcher(KillSwitchStorage storage) {
    this.storage = storage;
  }

  @Override
  public KillSwitches get() {
    return current;
  }

  /** Reads the switches if they changed since the last read; blocks (database). */
  synchronized void refresh() {
    try {
      long now = storage.version();
      if (now != version) {
        List<KillSwitch> active = storage.active();
        current = of(active);
        version = now;
        LOG.info("kill switches: {} engaged", active.size());
      }
      if (failing) {
        LOG.info("kill switches: the store answers again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "kill switches: the store cannot be read; the last ones read stay in force: {}",
            e.toString());
        failing = true;
      }
    }
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
