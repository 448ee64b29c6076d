package dev.steward.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What was evaluated: the task, the dataset, the model and the run's configuration (Inspect's
 * {@code EvalSpec}).
 *
 * @param evalId unique id of this evaluation (Inspect: a short uuid)
 * @param runId id of the run this evaluation belongs to; one run may evaluate several tasks
 * @param created when the evaluation was created, with its offset (kept to the microsecond)
 * @param task the task's name
 * @param taskId unique id of the task
 * @param taskVersion the task's version; written as a JSON integer when it is one ({@code "0"}),
 *     else as a string
 * @param taskFile the file the task came from, if any
 * @param model the model evaluated, as {@code provider/model}
 * @param modelGenerateConfig generation options given for the model itself
 * @param packages package name to version (Steward writes its own version here)
 * @param metadata free-form metadata (an empty object when there is none)
 */
public record EvalSpec(
    String evalId,
    String runId,
    OffsetDateTime created,
    String task,
    String taskId,
    String taskVersion,
    @Nullable String taskFile,
    EvalDataset dataset,
    String model,
    GenerateConfig modelGenerateConfig,
    EvalConfig config,
    Map<String, String> packages,
    ObjectNode metadata) {

  public EvalSpec {
    Objects.requireNonNull(evalId, "eval_id");
    Objects.requireNonNull(runId, "run_id");
    created = Json.time("created", created);
    Json.nonBlank("task", task);
    Objects.requireNonNull(taskId, "task_id");
    Objects.requireNonNull(taskVersion, "task_version");
    Objects.requireNonNull(dataset, "dataset");
    Json.nonBlank("model", model);
    Objects.requireNonNull(modelGenerateConfig, "model_generate_config");
    Objects.requireNonNull(config, "config");
    packages = Json.orderedMap("packages", packages);
    metadata = Json.object("metadata", metadata);
  }

  /** A copy of the metadata. */
  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }
}
