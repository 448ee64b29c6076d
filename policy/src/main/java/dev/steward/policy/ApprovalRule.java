package dev.steward.policy;

import dev.steward.config.ApprovalRules;
import dev.steward.config.ApprovalRules.Bound;
import dev.steward.config.ApprovalRules.Requirement;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a model version's latest evaluation evidence meets a use case's approval rules: a pure
 * function of the rules, the latest finished run of each suite, and the time.
 *
 * <ul>
 *   <li>Every requirement is checked against the latest run of its suite; none may be missing or
 *       expired (finished {@code valid-for} or longer ago).
 *   <li>A requirement compares its metric's value at its bound ({@link Measure#at}) with its {@code
 *       min} and {@code max}. A bound that cannot be computed (no sample count or stderr) falls
 *       back to the point value, and a failure says so.
 *   <li>Met: the approval lasts until the oldest run used expires, and names the runs behind it.
 *       Not met: every problem, each naming the suite, metric, value and threshold.
 * </ul>
 */
public final class ApprovalRule {
  private ApprovalRule() {}

  /** The outcome of a check. */
  public sealed interface Verdict {}

  /**
   * The rules are met.
   *
   * @param expiresAt when the oldest evidence used expires: the approval lasts until then
   * @param runIds the runs whose evidence was used, in the order of the rules' requirements
   */
  public record Met(Instant expiresAt, List<String> runIds) implements Verdict {
    public Met {
      Objects.requireNonNull(expiresAt, "expiresAt");
      runIds = List.copyOf(runIds);
      if (runIds.isEmpty()) {
        throw new IllegalArgumentException("runIds: empty (expected: the runs used)");
      }
    }
  }

  /**
   * The rules are not met.
   *
   * @param problems what is wrong, one line each, e.g. {@code refusal-core accuracy lower-95 0.951
   *     < min 0.98}
   */
  public record NotMet(List<String> problems) implements Verdict {
    public NotMet {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("problems: empty (expected: a Met instead)");
      }
    }
  }

  /**
   * Checks the latest evidence against the rules.
   *
   * @param rules a gated use case's rules
   * @param latestBySuite the latest finished run of each suite for one model version, by suite
   * @param now the time of the check
   * @throws IllegalArgumentException when the rules are not gated (an ungated use case needs no
   *     approval), or a run is filed under another suite's name
   */
  public static Verdict check(
      ApprovalRules rules, Map<String, Evidence> latestBySuite, Instant now) {
    if (!rules.gated()) {
      throw new IllegalArgumentException(
          "rules: no requirements (expected: a gated use case's rules; an ungated one needs no"
              + " approval)");
    }
    latestBySuite.forEach(
        (suite, evidence) -> {
          if (!suite.equals(evidence.suite())) {
            throw new IllegalArgumentException(
                "latestBySuite: run "
                    + evidence.runId()
                    + " of suite "
                    + evidence.suite()
                    + " filed under "
                    + suite
                    + " (expected: keyed by its own suite)");
          }
        });
    List<String> problems = new ArrayList<>();
    Set<String> unusable = new LinkedHashSet<>();
    Set<String> runIds = new LinkedHashSet<>();
    Instant oldest = null;
    for (Requirement r : rules.requires()) {
      Evidence e = latestBySuite.get(r.suite());
      if (e == null) {
        if (unusable.add(r.suite())) {
          problems.add("no evidence for suite " + r.suite());
        }
        continue;
      }
      Instant expiresAt = e.finishedAt().plus(rules.validFor());
      if (!expiresAt.isAfter(now)) {
        if (unusable.add(r.suite())) {
          problems.add(
              "evidence for " + r.suite() + " expired " + expiresAt + " (run " + e.runId() + ")");
        }
        continue;
      }
      runIds.add(e.runId());
      if (oldest == null || e.finishedAt().isBefore(oldest)) {
        oldest = e.finishedAt();
      }
      Measure m = e.metrics().get(r.metric());
      if (m == null) {
        problems.add(r.suite() + " has no metric " + r.metric() + " (run " + e.runId() + ")");
        continue;
      }
      String problem = compare(r, m);
      if (problem != null) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty() || oldest == null) {
      return new NotMet(problems);
    }
    return new Met(oldest.plus(rules.validFor()), List.copyOf(runIds));
  }

  /** The requirement's failure on this measure, or null when it passes. */
  private static @Nullable String compare(Requirement r, Measure m) {
    double v = m.at(r.bound());
    Double min = r.min();
    Double max = r.max();
    double limit;
    String op;
    if (min != null && !(v >= min)) {
      limit = min;
      op = " < min ";
    } else if (max != null && !(v <= max)) {
      limit = max;
      op = " > max ";
    } else {
      return null;
    }
    boolean pointInstead = r.bound() != Bound.POINT && !m.hasInterval();
    String bound = r.bound() == Bound.POINT || pointInstead ? "" : r.bound().configName() + " ";
    return r.suite()
        + " "
        + r.metric()
        + " "
        + bound
        + shown(v, limit)
        + op
        + plain(limit)
        + (pointInstead
            ? " ("
                + r.bound().configName()
                + " unknown without a sample count or stderr; point value used)"
            : "");
  }

  /** {@code value} to 4 significant digits, or more where fewer would read as {@code limit}. */
  static String shown(double value, double limit) {
    String limitText = plain(limit);
    for (int digits = 4; digits < 17; digits++) {
      String text =
          new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
      if (!text.equals(limitText) || value == limit) {
        return text;
      }
    }
    return BigDecimal.valueOf(value).toPlainString();
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
