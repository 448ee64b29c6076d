package dev.steward.policy;

import java.time.Instant;
import java.util.Map;

/**
 * The approvals in force: which model version may serve which use case, and until when. Granted
 * from evidence by {@link ApprovalRule#check}; held and renewed elsewhere (the store), read here.
 *
 * @param grants when each approval expires, by use case and model version
 */
public record Approvals(Map<Key, Instant> grants) {
  /** No approvals: every gated use case is refused on every route. */
  public static final Approvals NONE = new Approvals(Map.of());

  public Approvals {
    grants = Map.copyOf(grants);
  }

  /**
   * What an approval is for.
   *
   * @param useCase the use case as {@code department/service/use-case}
   * @param modelVersion the model version, as {@link ModelVersion#of} gives it
   */
  public record Key(String useCase, String modelVersion) {
    public Key {
      if (useCase == null || useCase.isBlank()) {
        throw new IllegalArgumentException(
            "useCase: empty (expected: department/service/use-case)");
      }
      if (modelVersion == null || modelVersion.isBlank()) {
        throw new IllegalArgumentException("modelVersion: empty (expected: provider/model)");
      }
    }
  }

  /** Whether {@code modelVersion} holds an approval for {@code useCase} that expires after now. */
  public boolean approved(String useCase, String modelVersion, Instant now) {
    Instant expiresAt = grants.get(new Key(useCase, modelVersion));
    return expiresAt != null && expiresAt.isAfter(now);
  }
}
