package dev.steward.server;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatResponse;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.StewardException;

/**
 * What the pipeline answers, before it is encoded in the caller's wire shape. A stage forwards to
 * the next, answers directly, or fails — nothing else.
 */
public sealed interface Reply {

  /** A complete chat answer. */
  record Chat(ChatResponse response) implements Reply {}

  /** A streamed chat answer, to be encoded event by event as it arrives. */
  record Stream(AsyncChatStream stream) implements Reply {}

  /** Embedding vectors. */
  record Embeddings(EmbeddingResponse response) implements Reply {}

  /** A failure with its code; encoded as the caller's API's error JSON. */
  record Failure(StewardException error) implements Reply {}
}
