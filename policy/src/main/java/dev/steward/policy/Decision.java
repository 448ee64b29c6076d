package dev.steward.policy;

import dev.steward.config.Classification;
import java.util.List;
import java.util.Objects;

/** What policy decides for one request: allow it on some routes, or deny it with a reason. */
public sealed interface Decision {

  /**
   * The request may go on, labelled {@code classification}, to these routes only (route ids, {@code
   * provider/model}, in the model's order), fallbacks included.
   */
  record Allow(Classification classification, List<String> eligibleRoutes) implements Decision {
    public Allow {
      Objects.requireNonNull(classification, "classification");
      eligibleRoutes = List.copyOf(eligibleRoutes);
      if (eligibleRoutes.isEmpty()) {
        throw new IllegalArgumentException("eligibleRoutes: empty (expected: a Deny instead)");
      }
    }
  }

  /**
   * The request is refused before any model sees it.
   *
   * @param reason the stable reason code ({@code docs/spec/reasons.md})
   * @param message what was wrong and what was expected, safe to return to the caller
   */
  record Deny(Reason reason, String message) implements Decision {
    public Deny {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why a request was denied. */
  enum Reason {
    /** The {@code X-Steward-Classification} label is not a classification. */
    INVALID_CLASSIFICATION("policy.invalid_classification"),
    /** The request carries no label and its use case refuses unlabelled requests. */
    UNLABELLED("policy.unlabelled"),
    /** No route of the model may receive data of this classification for this use case. */
    NO_ELIGIBLE_ROUTE("policy.no_eligible_route"),
    /**
     * The use case gates on evaluation evidence, and no route of the model that could otherwise
     * take the request holds an active approval for it.
     */
    NOT_APPROVED("policy.not_approved"),
    /**
     * A kill switch stops the use case or the model, or every route the request could otherwise
     * take.
     */
    KILL_SWITCH("killswitch.engaged");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
