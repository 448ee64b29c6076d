package dev.steward.server;

import dev.steward.anthropic.AnthropicCodec;
import dev.steward.anthropic.AnthropicStreamEncoder;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.StewardException;

/** The Anthropic wire shape for callers: the Messages API and its errors. */
final class AnthropicWire implements WireApi {
  private final AnthropicCodec codec;

  AnthropicWire(AnthropicCodec codec) {
    this.codec = codec;
  }

  @Override
  public Api api() {
    return Api.ANTHROPIC;
  }

  @Override
  public ChatRequest decodeChat(byte[] body) {
    return codec.decodeMessagesRequest(body);
  }

  @Override
  public byte[] encodeChat(ChatResponse response) {
    return codec.encodeMessagesResponse(response);
  }

  @Override
  public StreamWriter streamWriter(ChatRequest request) {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    return StreamWriter.of(encoder::encode, encoder::finish, encoder::error);
  }

  @Override
  public byte[] encodeError(StewardException error) {
    return codec.encodeError(error);
  }
}
