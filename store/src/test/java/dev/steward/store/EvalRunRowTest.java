package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.EvalStorage.Status;
import dev.steward.store.EvalStorage.StoredSample;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class EvalRunRowTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");

  static EvalRunRow row(
      Status status, @Nullable Instant finishedAt, int total, int done, int errors) {
    return new EvalRunRow(
        "run-1",
        "harmful-advice",
        "1.2.0",
        "gpt-small",
        "openai",
        "gpt-4o-mini",
        "v1",
        "steward",
        status,
        T0,
        finishedAt,
        total,
        done,
        errors,
        null,
        "cli");
  }

  @Test
  void started_isRunningWithNothingDone_andFinishingKeepsTheRest() {
    EvalRunRow run =
        EvalRunRow.started("run-1", "s", "1", "a", "p", "m", "v1", "inspect", T0, 5, "key_admin01");
    EvalRunRow finished =
        run.withFinish(Status.COMPLETE, 5, 1, T0.plusSeconds(3), new byte[] {'{', '}'});

    assertThat(run.status()).isEqualTo(Status.RUNNING);
    assertThat(run.finishedAt()).isNull();
    assertThat(run.summary()).isNull();
    assertThat(run.startedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(finished.status().finished()).isTrue();
    assertThat(finished.finishedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:03.123456Z"));
    assertThat(finished.samplesDone()).isEqualTo(5);
    assertThat(finished.errors()).isEqualTo(1);
    assertThat(finished.source()).isEqualTo("inspect");
    assertThat(finished.withProgress(4, 0).samplesDone()).isEqualTo(4);
  }

  @Test
  void summary_isCopiedInAndOut_andEqualityIsByContent() {
    byte[] summary = {'{', '}'};
    EvalRunRow a = row(Status.RUNNING, null, 1, 0, 0).withFinish(Status.FAILED, 0, 0, T0, summary);
    summary[0] = 'x';
    java.util.Objects.requireNonNull(a.summary())[1] = 'x';

    EvalRunRow b =
        row(Status.RUNNING, null, 1, 0, 0)
            .withFinish(Status.FAILED, 0, 0, T0, new byte[] {'{', '}'});
    assertThat(a.summary()).containsExactly('{', '}');
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toString()).contains("summary=2 bytes").doesNotContain("{}");
    assertThat(a)
        .isNotEqualTo(
            row(Status.RUNNING, null, 1, 0, 0)
                .withFinish(Status.FAILED, 0, 0, T0, new byte[] {'[', ']'}));
  }

  @Test
  void new_finishedAtMustMatchTheStatus_andNotPrecedeTheStart() {
    assertThatThrownBy(() -> row(Status.RUNNING, T0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "finishedAt: 2025-11-26T09:00:00.123456Z (expected: set exactly when the run is"
                + " finished; status RUNNING)");
    assertThatThrownBy(() -> row(Status.COMPLETE, null, 1, 0, 0))
        .hasMessage(
            "finishedAt: null (expected: set exactly when the run is finished; status COMPLETE)");
    assertThatThrownBy(() -> row(Status.FAILED, T0.minusNanos(1000), 1, 0, 0))
        .hasMessageStartingWith("finishedAt: 2025-11-26T09:00:00.123455Z (expected: not before");
    assertThat(row(Status.FAILED, T0.plusNanos(100), 1, 0, 0).finishedAt())
        .isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
  }

  @Test
  void new_countsMustNest() {
    assertThat(row(Status.RUNNING, null, 0, 0, 0).samplesTotal()).isZero();
    assertThatThrownBy(() -> row(Status.RUNNING, null, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samplesTotal: -1 (expected: >= 0)");
    assertThatThrownBy(() -> row(Status.RUNNING, null, 3, 4, 0))
        .hasMessage("samplesDone: 4 (expected: 0..3, samplesTotal)");
    assertThatThrownBy(() -> row(Status.RUNNING, null, 3, 2, 3))
        .hasMessage("errors: 3 (expected: 0..2, the samples done that ended in an error)");
    assertThatThrownBy(() -> row(Status.RUNNING, null, 3, 2, -1))
        .hasMessageStartingWith("errors: -1");
  }

  @Test
  void new_checksNamesSourceAndSummarySize() {
    EvalRunRow ok = row(Status.RUNNING, null, 1, 0, 0);
    assertThatThrownBy(
            () ->
                new EvalRunRow(
                    "run-1",
                    "s",
                    "1",
                    "a",
                    "p",
                    "m",
                    "v1",
                    "openai-evals",
                    Status.RUNNING,
                    T0,
                    null,
                    1,
                    0,
                    0,
                    null,
                    "cli"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source: \"openai-evals\" (expected: one of [inspect, steward])");
    assertThatThrownBy(
            () ->
                new EvalRunRow(
                    "x".repeat(65),
                    "s",
                    "1",
                    "a",
                    "p",
                    "m",
                    "v1",
                    "steward",
                    Status.RUNNING,
                    T0,
                    null,
                    1,
                    0,
                    0,
                    null,
                    "cli"))
        .hasMessageStartingWith("id: ");
    assertThatThrownBy(
            () ->
                new EvalRunRow(
                    "run-1",
                    "s",
                    " ",
                    "a",
                    "p",
                    "m",
                    "v1",
                    "steward",
                    Status.RUNNING,
                    T0,
                    null,
                    1,
                    0,
                    0,
                    null,
                    "cli"))
        .hasMessageStartingWith("suiteVersion: ");
    assertThatThrownBy(
            () ->
                new EvalRunRow(
                    "run-1",
                    "s",
                    "1",
                    "a",
                    "p",
                    "m",
                    "v1",
                    "steward",
                    Status.RUNNING,
                    T0,
                    null,
                    1,
                    0,
                    0,
                    new byte[0],
                    "cli"))
        .hasMessage("summary: 0 bytes (expected: 1..1048576)");
    assertThatThrownBy(
            () ->
                ok.withFinish(
                    Status.COMPLETE, 1, 0, T0, new byte[EvalRunRow.MAX_SUMMARY_BYTES + 1]))
        .hasMessage("summary: 1048577 bytes (expected: 1..1048576)");
  }

  @Test
  void storedSample_copiesItsResult_andChecksItsFields() {
    byte[] result = {'{', '}'};
    StoredSample sample = new StoredSample("q-1", 0, result);
    result[0] = 'x';
    sample.result()[0] = 'x';

    assertThat(sample.result()).containsExactly('{', '}');
    assertThat(sample).isEqualTo(new StoredSample("q-1", 0, new byte[] {'{', '}'}));
    assertThat(sample).isNotEqualTo(new StoredSample("q-1", 1, new byte[] {'{', '}'}));
    assertThat(sample.toString()).isEqualTo("StoredSample[sampleId=q-1, epoch=0, result=2 bytes]");
    assertThatThrownBy(() -> new StoredSample("q-1", -1, result))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("epoch: -1 (expected: >= 0)");
    assertThatThrownBy(() -> new StoredSample("q".repeat(201), 0, result))
        .hasMessageStartingWith("sampleId: ");
    assertThatThrownBy(
            () -> new StoredSample("q-1", 0, new byte[StoredSample.MAX_RESULT_BYTES + 1]))
        .hasMessage("result: 1048577 bytes (expected: 1..1048576)");
  }
}
