package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.policy.KillSwitches;
import dev.steward.store.KillSwitchStorage;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Engages and lifts kill switches: checks what a switch names exists in the configuration, stores
 * the change and, in the same transaction, queues its {@code kill-switch} entry for the
 * transparency log. The admin API and {@code steward killswitch} both go through here; every
 * gateway node sees the change within a second ({@link KillSwitchWatcher}).
 */
public final class KillSwitchControl {
  private final StewardConfig config;
  private final KillSwitchStorage storage;
  private final InstantSource clock;
  private final boolean audited;

  /**
   * @param audited whether changes are committed to the transparency log (queued in the store's
   *     outbox)
   */
  public KillSwitchControl(
      StewardConfig config, KillSwitchStorage storage, InstantSource clock, boolean audited) {
    this.config = config;
    this.storage = storage;
    this.clock = clock;
    this.audited = audited;
  }

  /**
   * Engages a switch.
   *
   * @param scope {@code provider}, {@code model} or {@code use-case}
   * @param target a provider id, a model alias, or {@code department/service/use-case}
   * @param note the incident note, public in the log
   * @param actor who engaged it: the admin key's holder ({@code admin}) or {@code cli}
   * @param via {@code admin-api} or {@code cli}
   * @throws StewardException {@code request.invalid} for an unknown scope or target or a bad note,
   *     {@code request.conflict} when the same target is already stopped
   */
  public KillSwitch engage(String scope, String target, String note, String actor, String via) {
    String problem = problem(scope, target);
    if (problem != null) {
      throw StewardException.invalid("target", problem);
    }
    Changes.checkNote(note);
    KillSwitch engaged =
        KillSwitch.engaged(Changes.id("ks_"), scope, target, note, actor, clock.instant());
    try {
      storage.engage(
          engaged, entry(AuditEntry.KillSwitchAction.ENGAGED, engaged, note, actor, via));
    } catch (KillSwitchStorage.AlreadyEngaged e) {
      throw new StewardException(ErrorCode.CONFLICT, String.valueOf(e.getMessage()));
    }
    return engaged;
  }

  /** Lifts a switch; empty when it is unknown or already lifted. */
  public Optional<KillSwitch> lift(String id, String note, String actor, String via) {
    Changes.checkNote(note);
    KillSwitch known = storage.find(id).filter(s -> !s.lifted()).orElse(null);
    if (known == null) {
      return Optional.empty();
    }
    return storage.lift(
        id,
        actor,
        note,
        clock.instant(),
        entry(AuditEntry.KillSwitchAction.LIFTED, known, note, actor, via));
  }

  public List<KillSwitch> active() {
    return storage.active();
  }

  public List<KillSwitch> recent(int limit) {
    return storage.recent(limit);
  }

  /** What is wrong with a switch on {@code target}, or {@code null} if it names a real thing. */
  @Nullable String problem(String scope, String target) {
    return switch (scope) {
      case KillSwitches.PROVIDER ->
          config.providers().containsKey(target)
              ? null
              : "provider '" + HttpFront.clip(target) + "': not configured";
      case KillSwitches.MODEL ->
          config.models().containsKey(target)
              ? null
              : "model '" + HttpFront.clip(target) + "': not configured";
      case KillSwitches.USE_CASE -> {
        yield config.useCase(target).isPresent()
            ? null
            : "use case '"
                + HttpFront.clip(target)
                + "': not configured (expected: department/service/use-case)";
      }
      default -> "scope '" + HttpFront.clip(scope) + "' (expected: provider, model or use-case)";
    };
  }

  private byte @Nullable [] entry(
      AuditEntry.KillSwitchAction action, KillSwitch s, String note, String actor, String via) {
    if (!audited) {
      return null;
    }
    return AuditEntryCodec.encode(
        new AuditEntry.KillSwitchChange(
            clock.instant(), action, s.id(), s.scope(), s.target(), note, actor, via));
  }
}
