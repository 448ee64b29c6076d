package dev.steward.injection;

import java.util.List;
import java.util.Objects;

/**
 * Tool or retrieved content after {@link InjectionRules#strip(String)}.
 *
 * @param text the content without invisible characters and without the sentences that held
 *     instruction-like rule hits; each removed sentence is replaced by {@link
 *     InjectionRules#REMOVED}
 * @param removed the rule hits that caused removals, with spans in the original content
 */
public record Stripped(String text, List<RuleHit> removed) {
  public Stripped {
    Objects.requireNonNull(text, "text");
    removed = List.copyOf(Objects.requireNonNull(removed, "removed"));
  }

  /** Whether anything was removed. */
  public boolean changed() {
    return !removed.isEmpty();
  }
}
