/**
 * OpenAI's Chat Completions and Embeddings wire format, both ways: {@link
 * dev.steward.openai.OpenAiCodec} decodes what callers send the gateway and encodes what it sends
 * OpenAI and OpenAI-compatible servers (vLLM, llama.cpp, Ollama); {@link
 * dev.steward.openai.OpenAiClient} is the provider adapter for protocols {@code openai} and {@code
 * openai-compatible}.
 */
@NullMarked
package dev.steward.openai;

import org.jspecify.annotations.NullMarked;
