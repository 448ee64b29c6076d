package dev.steward.eval;

import dev.steward.core.ChatRequest;
import dev.steward.core.Message;
import dev.steward.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a sample becomes a chat request: an optional system message, a user-message template and the
 * generation settings.
 *
 * @param system the system message, when there is one
 * @param template the user message; {@value #PROMPT} is replaced by the sample's input
 * @param maxTokens the output token limit, or {@code null} for the model's default
 * @param temperature the sampling temperature, or {@code null} for the model's default
 * @param seed the sampling seed, or {@code null}
 * @param epochs how many times each sample is run (at least 1)
 */
public record Solver(
    @Nullable String system,
    String template,
    @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @Nullable Long seed,
    int epochs) {

  /** The placeholder in {@link #template()} that stands for the sample's input. */
  public static final String PROMPT = "{prompt}";

  public Solver {
    Objects.requireNonNull(template, "template");
    if (!template.contains(PROMPT)) {
      throw new IllegalArgumentException(
          "template: no " + PROMPT + " (expected: a template containing " + PROMPT + ")");
    }
    if (system != null && system.isBlank()) {
      system = null;
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("max-tokens: " + maxTokens + " (expected: >= 1)");
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature: " + temperature + " (expected: 0..2)");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: " + epochs + " (expected: >= 1)");
    }
  }

  /** No system message, the input as it is, the model's default settings, one epoch. */
  public static Solver defaults() {
    return new Solver(null, PROMPT, null, null, null, 1);
  }

  /**
   * The request for one sample, addressed to {@code model} (an alias the caller's generator
   * resolves). The system message is this solver's, followed by the sample's own (metadata {@code
   * system}) after a blank line when it has one; the user message is the template with {@value
   * #PROMPT} replaced by the sample's input.
   */
  public ChatRequest request(String model, Sample sample) {
    List<Message> messages = new ArrayList<>(2);
    String sampleSystem = sample.metadata().get(Sample.SYSTEM);
    String sys =
        system == null
            ? sampleSystem
            : sampleSystem == null || sampleSystem.isBlank()
                ? system
                : system + "\n\n" + sampleSystem;
    if (sys != null && !sys.isBlank()) {
      messages.add(Message.of(Role.SYSTEM, sys));
    }
    messages.add(Message.of(Role.USER, template.replace(PROMPT, sample.input())));
    return ChatRequest.builder(model)
        .messages(messages)
        .maxTokens(maxTokens)
        .temperature(temperature)
        .seed(seed)
        .build();
  }
}
