package dev.steward.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chat request in Steward's provider-neutral form. Fields a caller did not send are {@code null}
 * (or empty), so adapters forward only what was asked for.
 *
 * @param model the model alias the caller asked for (after routing: the upstream model id)
 * @param messages the conversation, system instructions included, in order
 * @param tools functions the model may call
 * @param toolChoice how the model may use them, when given
 * @param responseFormat the shape of the answer, when given
 * @param maxTokens the output token limit, when given
 * @param n how many choices to generate
 * @param stop stop sequences
 * @param stream whether the caller wants server-sent events
 * @param includeUsage whether a stream should end with token usage
 * @param metadata free-form key-value metadata the caller attached
 */
public record ChatRequest(
    String model,
    List<Message> messages,
    List<Tool> tools,
    @Nullable ToolChoice toolChoice,
    @Nullable Boolean parallelToolCalls,
    @Nullable ResponseFormat responseFormat,
    @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Double presencePenalty,
    @Nullable Double frequencyPenalty,
    int n,
    List<String> stop,
    @Nullable Long seed,
    @Nullable String user,
    boolean stream,
    boolean includeUsage,
    Map<String, String> metadata) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    stop = List.copyOf(stop);
    metadata = Map.copyOf(metadata);
    if (n < 1) {
      throw new IllegalArgumentException("n: " + n + " (expected: >= 1)");
    }
  }

  public static Builder builder(String model) {
    return new Builder(model);
  }

  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.messages = messages;
    b.tools = tools;
    b.toolChoice = toolChoice;
    b.parallelToolCalls = parallelToolCalls;
    b.responseFormat = responseFormat;
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.n = n;
    b.stop = stop;
    b.seed = seed;
    b.user = user;
    b.stream = stream;
    b.includeUsage = includeUsage;
    b.metadata = metadata;
    return b;
  }

  /** The same request addressed to another model id. */
  public ChatRequest withModel(String upstreamModel) {
    return toBuilder().model(upstreamModel).build();
  }

  /** Builds a {@link ChatRequest}; every setter may be called any number of times. */
  public static final class Builder {
    private String model;
    private List<Message> messages = List.of();
    private List<Tool> tools = List.of();
    private @Nullable ToolChoice toolChoice;
    private @Nullable Boolean parallelToolCalls;
    private @Nullable ResponseFormat responseFormat;
    private @Nullable Integer maxTokens;
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Double presencePenalty;
    private @Nullable Double frequencyPenalty;
    private int n = 1;
    private List<String> stop = List.of();
    private @Nullable Long seed;
    private @Nullable String user;
    private boolean stream;
    private boolean includeUsage;
    private Map<String, String> metadata = Map.of();

    private Builder(String model) {
      this.model = model;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder messages(List<Message> messages) {
      this.messages = messages;
      return this;
    }

    public Builder tools(List<Tool> tools) {
      this.tools = tools;
      return this;
    }

    public Builder toolChoice(@Nullable ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder parallelToolCalls(@Nullable Boolean parallelToolCalls) {
      this.parallelToolCalls = parallelToolCalls;
      return this;
    }

    public Builder responseFormat(@Nullable ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    public Builder maxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder temperature(@Nullable Double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(@Nullable Double topP) {
      this.topP = topP;
      return this;
    }

    public Builder presencePenalty(@Nullable Double presencePenalty) {
      this.presencePenalty = presencePenalty;
      return this;
    }

    public Builder frequencyPenalty(@Nullable Double frequencyPenalty) {
      this.frequencyPenalty = frequencyPenalty;
      return this;
    }

    public Builder n(int n) {
      this.n = n;
      return this;
    }

    public Builder stop(List<String> stop) {
      this.stop = stop;
      return this;
    }

    public Builder seed(@Nullable Long seed) {
      this.seed = seed;
      return this;
    }

    public Builder user(@Nullable String user) {
      this.user = user;
      return this;
    }

    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    public Builder includeUsage(boolean includeUsage) {
      this.includeUsage = includeUsage;
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(
          model,
          messages,
          tools,
          toolChoice,
          parallelToolCalls,
          responseFormat,
          maxTokens,
          temperature,
          topP,
          presencePenalty,
          frequencyPenalty,
          n,
          stop,
          seed,
          user,
          stream,
          includeUsage,
          metadata);
    }
  }
}
