package dev.steward.server;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;

/** One wire shape callers speak (OpenAI or Anthropic): decoding requests, encoding answers. */
interface WireApi {

  Api api();

  /** Decodes a chat request body; throws {@link StewardException} naming the bad field. */
  ChatRequest decodeChat(byte[] body);

  byte[] encodeChat(ChatResponse response);

  /** A fresh encoder for one streamed answer. */
  StreamWriter streamWriter(ChatRequest request);

  /** The error JSON of this API. */
  byte[] encodeError(StewardException error);

  /** Encodes one streamed answer's events as server-sent-event bytes, in order. */
  interface StreamWriter {
    /** Bytes to send for this event (possibly none: some events are buffered). */
    byte[] event(StreamEvent event);

    /** Bytes that end a stream that finished normally. */
    byte[] end();

    /** Bytes that report an error after the stream began. */
    byte[] error(StewardException error);

    /** A writer from three functions. */
    static StreamWriter of(
        java.util.function.Function<StreamEvent, byte[]> event,
        java.util.function.Supplier<byte[]> end,
        java.util.function.Function<StewardException, byte[]> error) {
      return new StreamWriter() {
        @Override
        public byte[] event(StreamEvent e) {
          return event.apply(e);
        }

        @Override
        public byte[] end() {
          return end.get();
        }

        @Override
        public byte[] error(StewardException e) {
          return error.apply(e);
        }
      };
    }
  }
}
