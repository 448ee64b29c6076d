package dev.steward.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where safety evaluations live: each run of an eval suite against one model version, its progress,
 * the result of every sample, and its summary once finished. Complete runs are the evidence that
 * model approvals ({@link ApprovalStorage}) rest on. Safe for concurrent use, and by several
 * processes sharing one store.
 *
 * <p>A run is stored {@link Status#RUNNING running} ({@link #insertRun}), reports {@link #progress}
 * and {@link #saveSample samples} while it runs, and is finished once ({@link #finishRun}), as
 * {@link Status#COMPLETE complete} or {@link Status#FAILED failed}; finishing is final, and a
 * finished run's samples no longer change. Progress, samples and finishing of one run are
 * serialised by a lock on its row, so a sample is never saved after its run was finished.
 */
public interface EvalStorage {

  /** The most runs {@link #runs} returns. */
  int MAX_RECENT = 1000;

  /**
   * Stores a new run, which must be {@link Status#RUNNING running}.
   *
   * @throws IllegalArgumentException if {@code run} is not running (nothing is stored)
   * @throws StorageException if a run with the same id is stored ("already stored"), or the
   *     database fails
   */
  void insertRun(EvalRunRow run);

  /**
   * Finishes the running run with this id and, in the same transaction, queues {@code auditEntry}
   * (when given) in the {@link AuditOutbox}: both are stored or neither.
   *
   * @param status {@link Status#COMPLETE} or {@link Status#FAILED}
   * @param samplesDone the samples run, 0..the run's {@code samplesTotal}
   * @param errors the samples among {@code samplesDone} that ended in an error
   * @param finishedAt when it finished, not before the run started
   * @param summary the run's summary (opaque JSON, copied), 1..{@value
   *     EvalRunRow#MAX_SUMMARY_BYTES} bytes
   * @throws IllegalArgumentException if an argument is out of range, or {@code auditEntry} is empty
   *     or longer than {@value AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is changed or queued)
   * @throws IllegalStateException if no run has this id, or it is already finished (nothing is
   *     changed or queued)
   */
  void finishRun(
      String id,
      Status status,
      int samplesDone,
      int errors,
      Instant finishedAt,
      byte[] summary,
      byte @Nullable [] auditEntry);

  /**
   * Sets how far the running run with this id has got.
   *
   * @param samplesDone the samples run so far, 0..the run's {@code samplesTotal}
   * @param errors the samples among {@code samplesDone} that ended in an error
   * @throws IllegalArgumentException if a count is out of range (nothing is changed)
   * @throws IllegalStateException if no run has this id, or it is finished (nothing is changed)
   */
  void progress(String id, int samplesDone, int errors);

  /** The run with this id, running or finished. */
  Optional<EvalRunRow> run(String id);

  /**
   * The runs most recently started, finished ones included, newest start first (ties in the order
   * they were stored, newest first), at most {@code limit} (1..{@value #MAX_RECENT}).
   */
  List<EvalRunRow> runs(int limit);

  /**
   * The complete runs of {@code suite} against {@code modelVersion} (failed and running ones left
   * out): the evidence for an approval. Newest finish first (ties in the order they were stored,
   * newest first).
   */
  List<EvalRunRow> completeRuns(String modelVersion, String suite);

  /**
   * Saves the result of one sample of the running run {@code runId}, for one epoch. Saving the same
   * sample and epoch again replaces its result (keeping its place in {@link #samples}).
   *
   * @param sampleId the sample's id in its suite, 1..{@value StoredSample#MAX_SAMPLE_ID_LENGTH}
   *     characters
   * @param epoch the epoch, at least 0
   * @param result the sample's result (opaque JSON, copied), 1..{@value
   *     StoredSample#MAX_RESULT_BYTES} bytes
   * @throws IllegalArgumentException if an argument is out of range (nothing is saved)
   * @throws IllegalStateException if no run has this id, or it is finished (nothing is saved)
   */
  void saveSample(String runId, String sampleId, int epoch, byte[] result);

  /**
   * The samples saved for a run, in the order they were first saved; empty for an unknown run. Each
   * result may be up to {@value StoredSample#MAX_RESULT_BYTES} bytes: mind a run's size before
   * reading all of its samples at once.
   */
  List<StoredSample> samples(String runId);

  /** Where a run is. */
  enum Status {
    /** Stored and not yet finished. */
    RUNNING,
    /** Finished: every sample was run (some may have ended in an error). */
    COMPLETE,
    /** Finished without running every sample, e.g. the model could not be reached. */
    FAILED;

    /** Whether the run has finished (finishing is final). */
    public boolean finished() {
      return this != RUNNING;
    }
  }

  /**
   * One run of an eval suite against a model. Times are kept to the microsecond; the summary is
   * copied in and out; two rows are equal when all their fields are.
   *
   * @param id its id, chosen by whoever starts it (1..{@value #MAX_ID_LENGTH} characters)
   * @param suite the eval suite's name
   * @param suiteVersion the suite's version
   * @param alias the model alias the run was asked for
   * @param provider the provider's configured id
   * @param model the model id sent to the provider
   * @param modelVersion the model version evaluated (the version approvals name)
   * @param source who ran it: {@code steward} (Steward's own runner) or {@code inspect} (an
   *     imported Inspect log)
   * @param status where it is
   * @param startedAt when it started
   * @param finishedAt when it finished; set exactly when {@code status} is finished
   * @param samplesTotal the samples it will run (samples × epochs), at least 0
   * @param samplesDone the samples run so far, 0..{@code samplesTotal}
   * @param errors the samples among {@code samplesDone} that ended in an error
   * @param summary its summary (opaque JSON, 1..{@value #MAX_SUMMARY_BYTES} bytes), when it has one
   * @param requestedBy who started it: an admin key's id, or {@code cli}
   */
  record EvalRunRow(
      String id,
      String suite,
      String suiteVersion,
      String alias,
      String provider,
      String model,
      String modelVersion,
      String source,
      Status status,
      Instant startedAt,
      @Nullable Instant finishedAt,
      int samplesTotal,
      int samplesDone,
      int errors,
      byte @Nullable [] summary,
      String requestedBy) {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_SUMMARY_BYTES = 1_048_576;

    /** The sources a run may come from. */
    public static final Set<String> SOURCES = Set.of("steward", "inspect");

    // A canonical constructor spelled out, not compact: javac does not carry the type annotation
    // of the array component `byte @Nullable []` to a compact constructor's parameter, and
    // NullAway would then refuse a null summary.
    public EvalRunRow(
        String id,
        String suite,
        String suiteVersion,
        String alias,
        String provider,
        String model,
        String modelVersion,
        String source,
        Status status,
        Instant startedAt,
        @Nullable Instant finishedAt,
        int samplesTotal,
        int samplesDone,
        int errors,
        byte @Nullable [] summary,
        String requestedBy) {
      Checks.text("id", id, MAX_ID_LENGTH);
      Checks.text("suite", suite, MAX_NAME_LENGTH);
      Checks.text("suiteVersion", suiteVersion, MAX_NAME_LENGTH);
      Checks.text("alias", alias, MAX_NAME_LENGTH);
      Checks.text("provider", provider, MAX_NAME_LENGTH);
      Checks.text("model", model, MAX_NAME_LENGTH);
      Checks.text("modelVersion", modelVersion, MAX_NAME_LENGTH);
      Objects.requireNonNull(source, "source");
      if (!SOURCES.contains(source)) {
        throw new IllegalArgumentException(
            "source: \"" + source + "\" (expected: one of [inspect, steward])");
      }
      Objects.requireNonNull(status, "status");
      Instant started = Checks.micros("startedAt", startedAt);
      @Nullable Instant finished = Checks.optionalMicros("finishedAt", finishedAt);
      if (status.finished() != (finished != null)) {
        throw new IllegalArgumentException(
            "finishedAt: "
                + finished
                + " (expected: set exactly when the run is finished; status "
                + status
                + ")");
      }
      if (finished != null && finished.isBefore(started)) {
        throw new IllegalArgumentException(
            "finishedAt: " + finished + " (expected: not before startedAt " + started + ")");
      }
      if (samplesTotal < 0) {
        throw new IllegalArgumentException("samplesTotal: " + samplesTotal + " (expected: >= 0)");
      }
      checkCounts(samplesTotal, samplesDone, errors);
      Checks.text("requestedBy", requestedBy, MAX_NAME_LENGTH);
      this.id = id;
      this.suite = suite;
      this.suiteVersion = suiteVersion;
      this.alias = alias;
      this.provider = provider;
      this.model = model;
      this.modelVersion = modelVersion;
      this.source = source;
      this.status = status;
      this.startedAt = started;
      this.finishedAt = finished;
      this.samplesTotal = samplesTotal;
      this.samplesDone = samplesDone;
      this.errors = errors;
      this.summary = summary == null ? null : checkedCopy("summary", summary, MAX_SUMMARY_BYTES);
      this.requestedBy = requestedBy;
    }

    /** A run started at {@code at}, nothing done yet. */
    public static EvalRunRow started(
        String id,
        String suite,
        String suiteVersion,
        String alias,
        String provider,
        String model,
        String modelVersion,
        String source,
        Instant at,
        int samplesTotal,
        String requestedBy) {
      return new EvalRunRow(
          id,
          suite,
          suiteVersion,
          alias,
          provider,
          model,
          modelVersion,
          source,
          Status.RUNNING,
          at,
          null,
          samplesTotal,
          0,
          0,
          null,
          requestedBy);
    }

    /** A copy of the summary, or {@code null} when it has none. */
    @Override
    public byte @Nullable [] summary() {
      return summary == null ? null : summary.clone();
    }

    /** This run with the given progress. */
    public EvalRunRow withProgress(int samplesDone, int errors) {
      return new EvalRunRow(
          id,
          suite,
          suiteVersion,
          alias,
          provider,
          model,
          modelVersion,
          source,
          status,
          startedAt,
          finishedAt,
          samplesTotal,
          samplesDone,
          errors,
          summary,
          requestedBy);
    }

    /** This run finished as {@code status} at {@code at}, with its final counts and summary. */
    public EvalRunRow withFinish(
        Status status, int samplesDone, int errors, Instant at, byte[] summary) {
      return new EvalRunRow(
          id,
          suite,
          suiteVersion,
          alias,
          provider,
          model,
          modelVersion,
          source,
          status,
          startedAt,
          at,
          samplesTotal,
          samplesDone,
          errors,
          summary,
          requestedBy);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof EvalRunRow that
          && id.equals(that.id)
          && suite.equals(that.suite)
          && suiteVersion.equals(that.suiteVersion)
          && alias.equals(that.alias)
          && provider.equals(that.provider)
          && model.equals(that.model)
          && modelVersion.equals(that.modelVersion)
          && source.equals(that.source)
          && status == that.status
          && startedAt.equals(that.startedAt)
          && Objects.equals(finishedAt, that.finishedAt)
          && samplesTotal == that.samplesTotal
          && samplesDone == that.samplesDone
          && errors == that.errors
          && Arrays.equals(summary, that.summary)
          && requestedBy.equals(that.requestedBy);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
          id,
          suite,
          suiteVersion,
          alias,
          provider,
          model,
          modelVersion,
          source,
          status,
          startedAt,
          finishedAt,
          samplesTotal,
          samplesDone,
          errors,
          Arrays.hashCode(summary),
          requestedBy);
    }

    @Override
    public String toString() {
      return "EvalRunRow[id="
          + id
          + ", suite="
          + suite
          + ", suiteVersion="
          + suiteVersion
          + ", alias="
          + alias
          + ", provider="
          + provider
          + ", model="
          + model
          + ", modelVersion="
          + modelVersion
          + ", source="
          + source
          + ", status="
          + status
          + ", startedAt="
          + startedAt
          + ", finishedAt="
          + finishedAt
          + ", samplesTotal="
          + samplesTotal
          + ", samplesDone="
          + samplesDone
          + ", errors="
          + errors
          + ", summary="
          + (summary == null ? "null" : summary.length + " bytes")
          + ", requestedBy="
          + requestedBy
          + "]";
    }

    /** Checks a run's counts: {@code 0 <= errors <= samplesDone <= samplesTotal}. */
    static void checkCounts(int samplesTotal, int samplesDone, int errors) {
      if (samplesDone < 0 || samplesDone > samplesTotal) {
        throw new IllegalArgumentException(
            "samplesDone: " + samplesDone + " (expected: 0.." + samplesTotal + ", samplesTotal)");
      }
      if (errors < 0 || errors > samplesDone) {
        throw new IllegalArgumentException(
            "errors: "
                + errors
                + " (expected: 0.."
                + samplesDone
                + ", the samples done that ended in an error)");
      }
    }

    /** A copy of {@code bytes}, checked to be 1..{@code max} bytes long. */
    static byte[] checkedCopy(String name, byte[] bytes, int max) {
      Objects.requireNonNull(bytes, name);
      if (bytes.length < 1 || bytes.length > max) {
        throw new IllegalArgumentException(
            name + ": " + bytes.length + " bytes (expected: 1.." + max + ")");
      }
      return bytes.clone();
    }
  }

  /**
   * The result of one sample of a run, for one epoch. The result is copied in and out; two are
   * equal when all their fields are.
   *
   * @param sampleId the sample's id in its suite (1..{@value #MAX_SAMPLE_ID_LENGTH} characters)
   * @param epoch the epoch, at least 0
   * @param result the result (opaque JSON, 1..{@value #MAX_RESULT_BYTES} bytes)
   */
  record StoredSample(String sampleId, int epoch, byte[] result) {
    public static final int MAX_SAMPLE_ID_LENGTH = 200;
    public static final int MAX_RESULT_BYTES = 1_048_576;

    public StoredSample {
      Checks.text("sampleId", sampleId, MAX_SAMPLE_ID_LENGTH);
      if (epoch < 0) {
        throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 0)");
      }
      result = EvalRunRow.checkedCopy("result", result, MAX_RESULT_BYTES);
    }

    /** A copy of the result. */
    @Override
    public byte[] result() {
      return result.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof StoredSample that
          && sampleId.equals(that.sampleId)
          && epoch == that.epoch
          && Arrays.equals(result, that.result);
    }

    @Override
    public int hashCode() {
      return Objects.hash(sampleId, epoch, Arrays.hashCode(result));
    }

    @Override
    public String toString() {
      return "StoredSample[sampleId="
          + sampleId
          + ", epoch="
          + epoch
          + ", result="
          + result.length
          + " bytes]";
    }
  }
}
