package dev.steward.inspect;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An Inspect evaluation log, version {@value #VERSION}: what was evaluated ({@link #eval()}), how
 * ({@link #plan()}), the aggregate scores ({@link #results()}), timing and token usage ({@link
 * #stats()}) and, when logged, every sample. The subset of Inspect's {@code EvalLog} that Steward
 * writes and reads; {@link InspectLogs} turns it into JSON and back.
 *
 * @param results the scores, absent while the run has not finished (or when it failed before
 *     scoring)
 * @param error what stopped the run, when {@link #status()} is {@link Status#ERROR}
 * @param samples the samples, each (id, epoch) at most once; empty when none were logged
 * @param reductions per-sample scores reduced across epochs, one entry per scorer; often empty
 */
public record EvalLog(
    Status status,
    EvalSpec eval,
    EvalPlan plan,
    @Nullable EvalResults results,
    EvalStats stats,
    @Nullable EvalError error,
    List<EvalSample> samples,
    List<EvalSampleReductions> reductions) {

  /** The log format version this code writes and reads. */
  public static final int VERSION = 2;

  public EvalLog {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(eval, "eval");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(stats, "stats");
    samples = List.copyOf(samples);
    reductions = List.copyOf(reductions);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < samples.size(); i++) {
      EvalSample s = samples.get(i);
      if (!seen.add(s.epoch() + "\u0000" + s.id())) {
        throw new IllegalArgumentException(
            "samples["
                + i
                + "]: id "
                + s.id()
                + ", epoch "
                + s.epoch()
                + " twice (expected: each sample and epoch once)");
      }
    }
  }

  /** How the run ended, or that it has not. */
  public enum Status {
    /** Running, or stopped without writing its results. */
    STARTED("started"),
    /** Finished, every sample run. */
    SUCCESS("success"),
    /** Stopped by its operator. */
    CANCELLED("cancelled"),
    /** Stopped by an error ({@link EvalLog#error()}). */
    ERROR("error");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    /** The name Inspect writes. */
    public String wire() {
      return wire;
    }

    static @Nullable Status ofWire(String wire) {
      for (Status s : values()) {
        if (s.wire.equals(wire)) {
          return s;
        }
      }
      return null;
    }
  }
}
