package dev.steward.policy;

import dev.steward.config.RouteConfig;

/**
 * The identity that evaluation evidence and approvals are held against: {@code provider/model}, or
 * {@code provider/model@sha256:<first 16 hex digits>} when the route names its weights' hash.
 *
 * <p>Evidence is about the model that answered, so anything that may change its answers is a new
 * version that needs evidence of its own: a new upstream model id (a vendor's dated snapshot), a
 * different provider serving the same id, or — for a self-hosted model, whose id an operator may
 * keep while swapping the files behind it — a new build of its weights. The route's {@code version}
 * is descriptive text an operator may change without the model changing, and is not part of the
 * identity. Sixteen hex digits (64 bits) of the hash tell apart every build one deployment will see
 * while keeping the version short enough for logs and headers.
 */
public final class ModelVersion {
  /** Hex digits of the weights hash kept in a version. */
  static final int HASH_DIGITS = 16;

  private ModelVersion() {}

  /** The route's model version, e.g. {@code isambard/llama-3.1-70b@sha256:9f86d081884c7d65}. */
  public static String of(RouteConfig route) {
    String weights = route.weightsSha256();
    return weights == null
        ? route.id()
        : route.id() + "@sha256:" + weights.substring(0, HASH_DIGITS);
  }
}
