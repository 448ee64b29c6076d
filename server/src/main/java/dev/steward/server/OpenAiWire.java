package dev.steward.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.StewardException;
import dev.steward.openai.DecodedEmbeddingRequest;
import dev.steward.openai.ModelEntry;
import dev.steward.openai.OpenAiCodec;
import dev.steward.openai.OpenAiStreamEncoder;
import java.util.List;

/** The OpenAI wire shape for callers: Chat Completions, Embeddings, Models, errors. */
final class OpenAiWire implements WireApi {
  private static final String OWNER = "steward";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenAiCodec codec;

  OpenAiWire(OpenAiCodec codec) {
    this.codec = codec;
  }

  @Override
  public Api api() {
    return Api.OPENAI;
  }

  @Override
  public ChatRequest decodeChat(byte[] body) {
    return codec.decodeChatRequest(body);
  }

  @Override
  public byte[] encodeChat(ChatResponse response) {
    return codec.encodeChatResponse(response);
  }

  @Override
  public StreamWriter streamWriter(ChatRequest request) {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(request.includeUsage());
    return StreamWriter.of(encoder::encode, encoder::done, encoder::encodeError);
  }

  @Override
  public byte[] encodeError(StewardException error) {
    return codec.encodeError(error);
  }

  void decodeEmbeddings(byte[] body, Exchange ex) {
    DecodedEmbeddingRequest decoded = codec.decodeEmbeddingRequest(body);
    ex.embedding(decoded.request());
    ex.base64Embeddings(decoded.base64());
  }

  byte[] encodeEmbeddings(EmbeddingResponse response, boolean base64) {
    return codec.encodeEmbeddingResponse(response, base64);
  }

  byte[] encodeModelList(List<String> aliases, long created) {
    return codec.encodeModelList(
        aliases.stream().map(a -> new ModelEntry(a, created, OWNER)).toList());
  }

  byte[] encodeModel(String alias, long created) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", alias);
    n.put("object", "model");
    n.put("created", created);
    n.put("owned_by", OWNER);
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
