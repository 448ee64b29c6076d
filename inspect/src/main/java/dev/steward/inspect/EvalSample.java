package dev.steward.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sample as run in one epoch (Inspect's {@code EvalSample}, without its events, attachments and
 * sandbox).
 *
 * @param id the sample's id; written as a JSON integer when it is a canonical integer ({@code
 *     "12"}), else as a string
 * @param epoch the epoch, from 1
 * @param input the input messages. One user message with string content and no source, id or model
 *     is written as Inspect's plain-string input, and a plain-string input reads back as such a
 *     message
 * @param target the target(s); exactly one is written as a plain string, else as an array
 * @param messages the whole conversation, input and output included
 * @param output what the model answered
 * @param scores scorer name to score, in order
 * @param metadata the sample's metadata (an empty object when there is none)
 * @param store the sample's final store (an empty object when there is none)
 * @param modelUsage model name to the tokens it used for this sample, in order
 * @param totalTime seconds the sample took, if recorded
 * @param workingTime seconds spent working (generating, calling tools), if recorded
 * @param error what stopped the sample, if anything did
 */
public record EvalSample(
    String id,
    int epoch,
    List<ChatMessage> input,
    List<String> target,
    List<ChatMessage> messages,
    ModelOutput output,
    Map<String, Score> scores,
    ObjectNode metadata,
    ObjectNode store,
    Map<String, ModelUsage> modelUsage,
    @Nullable Double totalTime,
    @Nullable Double workingTime,
    @Nullable EvalError error) {

  public EvalSample {
    Json.nonBlank("sample id", id);
    Json.atLeast("epoch", epoch, 1);
    input = List.copyOf(input);
    target = Json.strings("target", target);
    messages = List.copyOf(messages);
    Objects.requireNonNull(output, "output");
    scores = Json.orderedMap("scores", scores);
    metadata = Json.object("metadata", metadata);
    store = Json.object("store", store);
    modelUsage = Json.orderedMap("model_usage", modelUsage);
    Json.optionalNonNegative("total_time", totalTime);
    Json.optionalNonNegative("working_time", workingTime);
  }

  /** A copy of the metadata. */
  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }

  /** A copy of the store. */
  @Override
  public ObjectNode store() {
    return store.deepCopy();
  }
}
