/**
 * Anthropic's Messages API: the codec between its wire JSON (requests, responses, server-sent
 * events, errors) and Steward's canonical model, used both to serve {@code POST /v1/messages} and
 * to call Anthropic as a provider, and the {@link dev.steward.anthropic.AnthropicClient} adapter.
 */
@NullMarked
package dev.steward.anthropic;

import org.jspecify.annotations.NullMarked;
