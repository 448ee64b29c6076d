package dev.steward.eval;

/**
 * Told how a run is going after it starts and after each sample finishes. Calls never overlap, and
 * come in the order samples finish.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores every update. */
  Progress NONE = (done, total, errors) -> {};

  /**
   * @param done sample runs finished, those skipped because they were already done included
   * @param total sample runs in the whole run (samples times epochs)
   * @param errors sample runs of this run that failed
   */
  void update(int done, int total, int errors);
}
