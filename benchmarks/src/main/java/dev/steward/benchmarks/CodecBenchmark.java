package dev.steward.benchmarks;

import dev.steward.anthropic.AnthropicCodec;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.openai.Dialect;
import dev.steward.openai.OpenAiCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec work Steward does per proxied chat request: decode the caller's JSON, encode the
 * upstream request, decode the upstream answer, encode the caller's answer. Bodies are the ones the
 * gateway benchmark sends ({@code docs/benchmarks.md}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  static final byte[] REQUEST =
      ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a"
              + " helpful assistant used in a gateway benchmark.\"},{\"role\":\"user\",\"content\":"
              + "\"Summarize the benefits of connection pooling for HTTP reverse proxies in two"
              + " short sentences, please.\"}],\"temperature\":0.2,\"max_tokens\":64,\"user\":"
              + "\"bench-user-0001\",\"stream\":false}")
          .getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE =
      ("{\"id\":\"chatcmpl-mock0000000000000000000000001\",\"object\":\"chat.completion\","
              + "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":"
              + "\"fp_mock00001\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
              + "\"content\":\"Hello! This is a fixed reply from the mock upstream used for gateway"
              + " benchmarks.\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":17,\"total_tokens\":59,"
              + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
              + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
              + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}")
          .getBytes(StandardCharsets.UTF_8);

  final OpenAiCodec openAi = new OpenAiCodec();
  final AnthropicCodec anthropic = AnthropicCodec.create();
  final ChatRequest request = openAi.decodeChatRequest(REQUEST);
  final ChatResponse response = openAi.decodeChatResponse(RESPONSE);

  @Benchmark
  public ChatRequest openAiDecodeRequest() {
    return openAi.decodeChatRequest(REQUEST);
  }

  @Benchmark
  public byte[] openAiEncodeRequest() {
    return openAi.encodeChatRequest(request, Dialect.COMPATIBLE);
  }

  @Benchmark
  public ChatResponse openAiDecodeResponse() {
    return openAi.decodeChatResponse(RESPONSE);
  }

  @Benchmark
  public byte[] openAiEncodeResponse() {
    return openAi.encodeChatResponse(response);
  }

  /** The whole codec cost of one proxied OpenAI-to-OpenAI exchange. */
  @Benchmark
  public byte[] openAiProxyRoundTrip() {
    ChatRequest r = openAi.decodeChatRequest(REQUEST);
    openAi.encodeChatRequest(r, Dialect.COMPATIBLE);
    return openAi.encodeChatResponse(openAi.decodeChatResponse(RESPONSE));
  }

  @Benchmark
  public byte[] anthropicEncodeRequest() {
    return anthropic.encodeMessagesRequest(request);
  }

  @Benchmark
  public byte[] anthropicEncodeResponse() {
    return anthropic.encodeMessagesResponse(response);
  }
}
