package dev.steward.inspect;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a model answered for a sample (Inspect's {@code ModelOutput}).
 *
 * @param model the model that answered, as the provider named it (may be empty)
 * @param choices the choices generated; usually one
 * @param usage the tokens used, if reported
 * @param time seconds the generation took, if recorded
 */
public record ModelOutput(
    String model,
    List<ChatCompletionChoice> choices,
    @Nullable ModelUsage usage,
    @Nullable Double time) {

  public ModelOutput {
    Objects.requireNonNull(model, "output.model");
    choices = List.copyOf(choices);
    Json.optionalNonNegative("output.time", time);
  }

  /** One choice: the text of {@code message}, stopped for {@code reason}. */
  public static ModelOutput of(
      String model,
      ChatMessage message,
      ChatCompletionChoice.StopReason reason,
      @Nullable ModelUsage usage) {
    return new ModelOutput(model, List.of(new ChatCompletionChoice(message, reason)), usage, null);
  }

  /** The first choice's text, empty when there is no choice (Inspect's {@code completion}). */
  public String completion() {
    return choices.isEmpty() ? "" : choices.get(0).message().text();
  }
}
