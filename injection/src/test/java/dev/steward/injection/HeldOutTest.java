package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Regression floors for the committed head on texts training never saw. The floors sit just under
 * the figures in TRAINING.md: a retrained head, a changed rule or a new model version that does
 * worse fails the build.
 */
class HeldOutTest {
  @Test
  void projectHeldOut_staysAtItsMeasuredLevel() {
    List<Example> held = Split.heldOut(Split.assign(Examples.project()));
    Evaluation.Result r = new Evaluation(TestDetector.get()).evaluate("project", held);
    assertThat(r.auc()).isGreaterThanOrEqualTo(0.965);
    assertThat(r.tprAt5()).isGreaterThanOrEqualTo(0.86);
    assertThat(r.tprAtThreshold()).isGreaterThanOrEqualTo(0.79);
    assertThat(r.fprAtThreshold()).isLessThanOrEqualTo(0.025);
  }

  /** The figure; needs ../shared/data (skipped without it). */
  @Test
  void garakAgainstBenign_staysAtItsMeasuredLevel() {
    Optional<Path> shared = Examples.sharedDir();
    assumeTrue(shared.isPresent(), "../shared/data is absent");
    List<Example> sharedHeld = Split.heldOut(Split.assign(Examples.shared(shared.get())));
    List<Example> set = new ArrayList<>(sharedHeld);
    Split.heldOut(Split.assign(Examples.project())).stream()
        .filter(e -> !e.injection())
        .forEach(set::add);
    Evaluation.Result r = new Evaluation(TestDetector.get()).evaluate("target", set);
    assertThat(r.tprAt1()).isGreaterThanOrEqualTo(0.93);
    assertThat(r.tprAt5()).isGreaterThanOrEqualTo(0.96);
    assertThat(r.auc()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.tprAtThreshold()).isGreaterThanOrEqualTo(0.94);
    assertThat(r.fprAtThreshold()).isLessThanOrEqualTo(0.025);
  }
}
