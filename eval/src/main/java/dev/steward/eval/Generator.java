package dev.steward.eval;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import java.util.concurrent.CompletionStage;

/**
 * The model call an evaluation makes, supplied by the caller: in the gateway, a call through its
 * router; in tests, a fake. The request's {@code model} is the alias the run was started with; the
 * caller may route it however it likes.
 *
 * <p>It must not block: it returns at once with a stage that completes with the answer or fails. A
 * failed stage, or one that does not complete within the run's sample timeout, makes that sample an
 * error, not the run.
 */
@FunctionalInterface
public interface Generator {
  CompletionStage<ChatResponse> generate(ChatRequest request);
}
