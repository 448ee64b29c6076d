package dev.steward.guard;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A text after its personal data was transformed, and what was done.
 *
 * @param text the transformed text: masked, redacted and pseudonymised spans replaced; a span whose
 *     action is {@link PersonalDataAction#BLOCK} is replaced as {@link PersonalDataAction#REDACT}
 *     would replace it, so the text never carries it even though the caller refuses it
 * @param applied every finding and the action taken on it (including {@link
 *     PersonalDataAction#ALLOW}), in text order, offsets in the original text
 * @param blocked the first finding whose action is {@link PersonalDataAction#BLOCK}, or {@code
 *     null}; when set the caller must refuse the text
 */
public record Redaction(String text, List<Applied> applied, @Nullable Applied blocked) {
  public Redaction {
    Objects.requireNonNull(text, "text");
    applied = List.copyOf(applied);
  }

  /** Whether any span was transformed (an action other than {@link PersonalDataAction#ALLOW}). */
  public boolean changed() {
    for (Applied a : applied) {
      if (a.action() != PersonalDataAction.ALLOW) {
        return true;
      }
    }
    return false;
  }

  /** Whether a finding's action is {@link PersonalDataAction#BLOCK}: the caller must refuse. */
  public boolean isBlocked() {
    return blocked != null;
  }
}
