package dev.steward.sandbox;

import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.Choice;
import dev.steward.core.Embedding;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sandbox provider: an in-process, deterministic model simulator. It needs no key and no
 * network, and answers through the same canonical types as every real adapter. The same request
 * always gets the same answer, marked as sandbox output: the response id starts with {@value
 * #ID_PREFIX} and the system fingerprint is {@value #SYSTEM_FINGERPRINT}.
 *
 * <p>What the model does is chosen per call by the directive {@value #BEHAVIOUR} (see {@link
 * #parseDirectives}), else by the upstream model's configured option of the same name, else {@code
 * comply}:
 *
 * <ul>
 *   <li>{@code comply}: a short deterministic answer about the last user message, starting {@code
 *       [sandbox]}; a JSON object or a value of the requested JSON Schema when a response format
 *       asks for one; a tool call when {@code tool_choice} forces one.
 *   <li>{@code refuse}: "I can't help with that request.", ending the turn; {@code refuse-filter}:
 *       the same, stopped by the content filter.
 *   <li>{@code tool}: calls the named tool, else the first offered, even when the choice is left to
 *       the model (unless {@code tool_choice} is none, or the last message is a tool result, which
 *       gets a text answer); arguments satisfy the tool's JSON Schema.
 *   <li>{@code slow}: like comply, with {@value #LATENCY_MS} (default 200) before each streamed
 *       chunk.
 *   <li>{@code fail}: fails like an upstream answering {@value #FAIL_STATUS} (default 500), with
 *       {@value #RETRY_AFTER_SECONDS} when set; with {@value #FAIL_AFTER_CHUNKS} a stream starts,
 *       delivers that many events and then breaks off (a retryable error).
 *   <li>{@code echo}: the last user message's text, verbatim.
 * </ul>
 *
 * <p>Pauses ({@value #FIRST_BYTE_MS} before the answer, {@value #LATENCY_MS} before each chunk; a
 * non-streamed answer waits for their sum) go through the {@link Sleeper} and are held to the
 * provider's configured timeouts. Embeddings are unit vectors derived from a hash of each text;
 * their size defaults to the model's {@value #DIMENSIONS} option, else 256.
 */
public final class SandboxClient implements ProviderClient {
  /**
   * Directive and option: the behaviour (comply, refuse, refuse-filter, tool, slow, fail, echo).
   */
  public static final String BEHAVIOUR = "behaviour";

  /** Directive and option: milliseconds before each streamed chunk (0..60000). */
  public static final String LATENCY_MS = "latency-ms";

  /** Directive and option: milliseconds before the answer starts (0..600000). */
  public static final String FIRST_BYTE_MS = "first-byte-ms";

  /** Directive and option: the HTTP status a failing call reports (400..599, default 500). */
  public static final String FAIL_STATUS = "fail-status";

  /** Directive and option: the Retry-After a failing call reports, in seconds (0..86400). */
  public static final String RETRY_AFTER_SECONDS = "retry-after-seconds";

  /** Directive and option: a failing stream breaks off after this many events (0..100000). */
  public static final String FAIL_AFTER_CHUNKS = "fail-after-chunks";

  /** Option only: the default embedding size (1..8192). */
  public static final String DIMENSIONS = "dimensions";

  /** The system fingerprint of every sandbox answer. */
  public static final String SYSTEM_FINGERPRINT = "steward-sandbox";

  /** The prefix of every sandbox response id. */
  public static final String ID_PREFIX = "sbx-";

  /** The text of a refusal. */
  public static final String REFUSAL = Simulator.REFUSAL;

  private static final int DEFAULT_DIMENSIONS = 256;
  private static final Pattern SEPARATORS = Pattern.compile("[;,]");
  private static final Set<String> DIRECTIVES =
      Set.of(
          BEHAVIOUR,
          LATENCY_MS,
          FIRST_BYTE_MS,
          FAIL_STATUS,
          RETRY_AFTER_SECONDS,
          FAIL_AFTER_CHUNKS);

  private final ProviderConfig config;
  private final InstantSource clock;
  private final Sleeper sleeper;

  private SandboxClient(ProviderConfig config, InstantSource clock, Sleeper sleeper) {
    this.config = config;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * A sandbox client for a provider of protocol {@code sandbox}.
   *
   * @param clock gives the answers' {@code created} time
   * @param sleeper makes the simulated pauses ({@link Sleeper#REAL} outside tests)
   * @throws IllegalArgumentException when the protocol is not sandbox or a model option is invalid
   */
  public static SandboxClient create(ProviderConfig config, InstantSource clock, Sleeper sleeper) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    if (config.protocol() != Protocol.SANDBOX) {
      throw new IllegalArgumentException(
          "providers."
              + config.name()
              + ".protocol: "
              + config.protocol().configName()
              + " (expected: sandbox)");
    }
    for (Map.Entry<String, Map<String, String>> model : config.modelOptions().entrySet()) {
      try {
        Settings.resolve(Map.of(), model.getValue());
      } catch (StewardException e) {
        throw new IllegalArgumentException(
            "providers." + config.name() + ", model " + model.getKey() + ": " + e.getMessage(), e);
      }
    }
    return new SandboxClient(config, clock, sleeper);
  }

  /**
   * Reads directives from one header value such as {@code fail; fail-status=429;
   * retry-after-seconds=7}: parts separated by {@code ;} or {@code ,}, each {@code key=value} or a
   * bare behaviour name. Keys: {@value #BEHAVIOUR}, {@value #LATENCY_MS}, {@value #FIRST_BYTE_MS},
   * {@value #FAIL_STATUS}, {@value #RETRY_AFTER_SECONDS}, {@value #FAIL_AFTER_CHUNKS}.
   *
   * @throws StewardException ({@link ErrorCode#INVALID_REQUEST}) for an unknown key, a key given
   *     twice or a malformed value
   */
  public static Map<String, String> parseDirectives(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : SEPARATORS.split(header)) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = eq < 0 ? BEHAVIOUR : p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? p : p.substring(eq + 1).strip();
      if (!DIRECTIVES.contains(key)) {
        throw new StewardException(
            ErrorCode.INVALID_REQUEST,
            "sandbox directive: '"
                + key
                + "' (expected: one of "
                + BEHAVIOUR
                + ", "
                + LATENCY_MS
                + ", "
                + FIRST_BYTE_MS
                + ", "
                + FAIL_STATUS
                + ", "
                + RETRY_AFTER_SECONDS
                + ", "
                + FAIL_AFTER_CHUNKS
                + ")");
      }
      if (out.put(key, value) != null) {
        throw new StewardException(
            ErrorCode.INVALID_REQUEST,
            "sandbox directive " + key + ": given twice (expected: once)");
      }
    }
    Settings.resolve(out, Map.of());
    return Map.copyOf(out);
  }

  @Override
  public ChatResponse chat(ProviderCall call) {
    Settings settings = settings(call);
    Pacer pacer = new Pacer(sleeper, config.timeouts());
    if (settings.behaviour() == Behaviour.FAIL) {
      pacer.beforeFirstByte(settings.firstByte());
      throw failure(settings);
    }
    Simulator.Plan plan = Simulator.plan(call.request(), settings.behaviour(), created());
    long chunks = SandboxStream.events(plan).stream().filter(SandboxStream::isChunk).count();
    pacer.beforeFirstByte(settings.firstByte().plus(settings.latency().multipliedBy(chunks)));
    List<Choice> choices = new ArrayList<>();
    for (Simulator.Planned p : plan.choices()) {
      choices.add(
          new Choice(
              p.index(), Message.assistant(p.text(), p.toolCalls()), p.reason(), p.stopSequence()));
    }
    return new ChatResponse(
        plan.id(), plan.model(), plan.created(), choices, plan.usage(), SYSTEM_FINGERPRINT);
  }

  @Override
  public ChatStream stream(ProviderCall call) {
    Settings settings = settings(call);
    Pacer pacer = new Pacer(sleeper, config.timeouts());
    boolean failing = settings.behaviour() == Behaviour.FAIL;
    if (failing && settings.failAfterChunks() == null) {
      pacer.beforeFirstByte(settings.firstByte());
      throw failure(settings);
    }
    Simulator.Plan plan = Simulator.plan(call.request(), settings.behaviour(), created());
    List<StreamEvent> events = SandboxStream.events(plan);
    pacer.beforeFirstByte(settings.firstByte());
    return new SandboxStream(
        events, pacer, settings.latency(), failing ? settings.failAfterChunks() : null);
  }

  @Override
  public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
    Settings settings = Settings.resolve(Map.of(), config.optionsFor(request.model()));
    Pacer pacer = new Pacer(sleeper, config.timeouts());
    pacer.beforeFirstByte(settings.firstByte());
    if (settings.behaviour() == Behaviour.FAIL) {
      throw failure(settings);
    }
    Integer asked = request.dimensions();
    if (asked != null && (asked < 1 || asked > Settings.MAX_DIMENSIONS)) {
      throw StewardException.invalid(
          "dimensions", "dimensions: " + asked + " (expected: 1.." + Settings.MAX_DIMENSIONS + ")");
    }
    int dimensions =
        asked != null
            ? asked
            : Objects.requireNonNullElse(settings.dimensions(), DEFAULT_DIMENSIONS);
    List<Embedding> data = new ArrayList<>();
    long chars = 0;
    for (int i = 0; i < request.input().size(); i++) {
      String text = request.input().get(i);
      chars += text.length();
      data.add(new Embedding(i, vector(request.model(), text, dimensions)));
    }
    return new EmbeddingResponse(request.model(), data, new Usage(Simulator.tokens(chars), 0, 0));
  }

  /** A unit-length vector derived from a hash of the model id and the text. */
  private static float[] vector(String model, String text, int dimensions) {
    Seeds seeds = new Seeds(Seeds.seed(Seeds.sha256(model + '\u0000' + text)));
    double[] raw = new double[dimensions];
    double sum = 0;
    for (int d = 0; d < dimensions; d++) {
      raw[d] = seeds.nextSigned();
      sum += raw[d] * raw[d];
    }
    float[] vector = new float[dimensions];
    if (sum == 0) {
      vector[0] = 1;
      return vector;
    }
    double norm = Math.sqrt(sum);
    for (int d = 0; d < dimensions; d++) {
      vector[d] = (float) (raw[d] / norm);
    }
    return vector;
  }

  private Settings settings(ProviderCall call) {
    return Settings.resolve(call.directives(), config.optionsFor(call.request().model()));
  }

  private long created() {
    return clock.instant().getEpochSecond();
  }

  private static UpstreamException failure(Settings settings) {
    Duration retryAfter = settings.retryAfter();
    return UpstreamException.fromStatus(
        settings.failStatus(), "sandbox_error", "sandbox: failing on purpose", retryAfter);
  }
}
