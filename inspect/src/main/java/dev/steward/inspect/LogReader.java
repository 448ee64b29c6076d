package dev.steward.inspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.steward.inspect.ChatCompletionChoice.StopReason;
import dev.steward.inspect.ChatMessage.Role;
import dev.steward.inspect.ChatMessage.Source;
import dev.steward.inspect.InspectLogException.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON of Inspect logs into {@link EvalLog}s. Tolerant of what Steward does not model
 * (unknown members are ignored, members Inspect defaults may be absent) and strict about what it
 * does: a member Steward models must have Inspect's type, and the version, task, model, metric
 * values, status and stats times must be present.
 */
final class LogReader {
  private static final String ATTACHMENT = "attachment://";

  /** Content-part members that Inspect may move into a sample's attachments. */
  private static final List<String> ATTACHABLE =
      List.of("text", "image", "audio", "video", "reasoning", "document");

  private LogReader() {}

  private static final ObjectMapper DEFAULT_MAPPER =
      mapper(EvalArchive.Limits.DEFAULT.maxEntryBytes());

  /**
   * A mapper that reads Python's {@code NaN} and {@code Infinity} (Inspect writes them), rejects
   * repeated members and anything after the document, and allows strings as long as an entry may
   * be.
   */
  static ObjectMapper mapper(EvalArchive.Limits limits) {
    return limits.equals(EvalArchive.Limits.DEFAULT)
        ? DEFAULT_MAPPER
        : mapper(limits.maxEntryBytes());
  }

  private static ObjectMapper mapper(long maxBytes) {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** Parses {@code bytes} from {@code source} into a tree, failing with Inspect log errors. */
  static Node parse(ObjectMapper mapper, String source, byte[] bytes) {
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new InspectLogException(
          Code.TOO_LARGE, source + ": " + e.getOriginalMessage() + where(e), e);
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the input: keep only the position.
      throw new InspectLogException(Code.MALFORMED, source + ": not valid JSON" + where(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InspectLogException(Code.MALFORMED, source + ": empty (expected: JSON)");
    }
    return Node.root(source, root);
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /** A whole log: a {@code .json} file, or an archive's {@code header.json} (without samples). */
  static EvalLog log(Node root) {
    version(root);
    EvalLog.Status status = status(root.field("status", "a string"));
    EvalSpec eval = evalSpec(root.field("eval", "an object"));
    EvalPlan plan = plan(root.optional("plan"));
    Node resultsNode = root.optional("results");
    EvalResults results = resultsNode == null ? null : results(resultsNode);
    EvalStats stats = stats(root.field("stats", "an object"));
    Node errorNode = root.optional("error");
    EvalError error = errorNode == null ? null : error(errorNode);
    List<EvalSample> samples = list(root.optional("samples"), LogReader::sample);
    List<EvalSampleReductions> reductions = reductions(root.optional("reductions"));
    return root.build(
        () -> new EvalLog(status, eval, plan, results, stats, error, samples, reductions));
  }

  /**
   * An archive's {@code _journal/start.json}: a run that has not written its results, as Inspect
   * reads it (status {@code started}, no results, no times).
   */
  static EvalLog start(Node root) {
    version(root);
    EvalSpec eval = evalSpec(root.field("eval", "an object"));
    EvalPlan plan = plan(root.optional("plan"));
    return root.build(
        () ->
            new EvalLog(
                EvalLog.Status.STARTED,
                eval,
                plan,
                null,
                new EvalStats(null, null, Map.of()),
                null,
                List.of(),
                List.of()));
  }

  private static void version(Node root) {
    Node version = root.field("version", "an integer");
    if (!version.json().isIntegralNumber()) {
      throw version.malformed(Json.describe(version.json()) + " (expected: an integer)");
    }
    if (!version.json().canConvertToInt() || version.json().intValue() != EvalLog.VERSION) {
      throw version.fail(
          Code.UNSUPPORTED_VERSION,
          version.json().asText() + " (expected: " + EvalLog.VERSION + ")");
    }
  }

  private static EvalLog.Status status(Node node) {
    EvalLog.Status status = EvalLog.Status.ofWire(node.string());
    if (status == null) {
      throw node.malformed("an unknown status (expected: started, success, cancelled or error)");
    }
    return status;
  }

  static EvalSpec evalSpec(Node node) {
    String evalId = stringOr(node, "eval_id", "");
    String runId = stringOr(node, "run_id", "");
    OffsetDateTime created = node.field("created", "a date-time string").time();
    String task = node.field("task", "a string").string();
    String taskId = stringOr(node, "task_id", "");
    Node versionNode = node.optional("task_version");
    String taskVersion = versionNode == null ? "0" : versionNode.id();
    String taskFile = optionalString(node, "task_file");
    Node datasetNode = node.optional("dataset");
    EvalDataset dataset = datasetNode == null ? EvalDataset.UNKNOWN : dataset(datasetNode);
    String model = node.field("model", "a string").string();
    GenerateConfig modelConfig = generateConfig(node.optional("model_generate_config"));
    Node configNode = node.optional("config");
    EvalConfig config =
        configNode == null ? new EvalConfig(null, List.of(), null, null, null) : config(configNode);
    Map<String, String> packages = map(node.optional("packages"), Node::string);
    ObjectNode metadata = objectOrEmpty(node.optional("metadata"));
    return node.build(
        () ->
            new EvalSpec(
                evalId,
                runId,
                created,
                task,
                taskId,
                taskVersion,
                taskFile,
                dataset,
                model,
                modelConfig,
                config,
                packages,
                metadata));
  }

  private static EvalDataset dataset(Node node) {
    String name = optionalString(node, "name");
    String location = optionalString(node, "location");
    Integer samples = optionalInt(node, "samples");
    List<String> ids = list(node.optional("sample_ids"), Node::id);
    Node shuffledNode = node.optional("shuffled");
    Boolean shuffled = shuffledNode == null ? null : shuffledNode.bool();
    return node.build(() -> new EvalDataset(name, location, samples, ids, shuffled));
  }

  private static EvalConfig config(Node node) {
    Integer epochs = optionalInt(node, "epochs");
    List<String> reducers = list(node.optional("epochs_reducer"), Node::string);
    Integer messageLimit = optionalInt(node, "message_limit");
    Integer tokenLimit = optionalInt(node, "token_limit");
    Integer timeLimit = optionalInt(node, "time_limit");
    return node.build(() -> new EvalConfig(epochs, reducers, messageLimit, tokenLimit, timeLimit));
  }

  private static GenerateConfig generateConfig(@Nullable Node node) {
    if (node == null) {
      return GenerateConfig.DEFAULT;
    }
    Integer maxTokens = optionalInt(node, "max_tokens");
    Node temperatureNode = node.optional("temperature");
    Double temperature = temperatureNode == null ? null : temperatureNode.number();
    Node seedNode = node.optional("seed");
    Long seed = seedNode == null ? null : seedNode.longValue();
    String systemMessage = optionalString(node, "system_message");
    return node.build(() -> new GenerateConfig(maxTokens, temperature, seed, systemMessage));
  }

  private static EvalPlan plan(@Nullable Node node) {
    if (node == null) {
      return EvalPlan.of(List.of(), GenerateConfig.DEFAULT);
    }
    String name = stringOr(node, "name", "plan");
    List<EvalPlanStep> steps = list(node.optional("steps"), LogReader::step);
    GenerateConfig config = generateConfig(node.optional("config"));
    return node.build(() -> new EvalPlan(name, steps, config));
  }

  private static EvalPlanStep step(Node node) {
    String solver = node.field("solver", "a string").string();
    ObjectNode params = objectOrEmpty(node.optional("params"));
    return node.build(() -> new EvalPlanStep(solver, params));
  }

  private static EvalResults results(Node node) {
    int total = node.field("total_samples", "an integer").intValue();
    int completed = node.field("completed_samples", "an integer").intValue();
    List<EvalScore> scores = list(node.field("scores", "an array of scores"), LogReader::evalScore);
    return node.build(() -> new EvalResults(total, completed, scores));
  }

  private static EvalScore evalScore(Node node) {
    String name = node.field("name", "a string").string();
    String scorer = node.field("scorer", "a string").string();
    String reducer = optionalString(node, "reducer");
    Integer scored = optionalInt(node, "scored_samples");
    Integer unscored = optionalInt(node, "unscored_samples");
    ObjectNode params = objectOrEmpty(node.optional("params"));
    Map<String, EvalMetric> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.field("metrics", "an object").members()) {
      metrics.put(e.getKey(), metric(e.getKey(), e.getValue()));
    }
    return node.build(
        () -> new EvalScore(name, scorer, reducer, scored, unscored, params, metrics));
  }

  private static EvalMetric metric(String key, Node node) {
    String name = stringOr(node, "name", key);
    double value = node.field("value", "a number").number();
    ObjectNode params = objectOrEmpty(node.optional("params"));
    ObjectNode metadata = objectOrEmpty(node.optional("metadata"));
    return node.build(() -> new EvalMetric(name, value, params, metadata));
  }

  private static EvalStats stats(Node node) {
    OffsetDateTime started = node.field("started_at", "a date-time string").timeOrEmpty();
    OffsetDateTime completed = node.field("completed_at", "a date-time string").timeOrEmpty();
    Map<String, ModelUsage> usage = map(node.optional("model_usage"), LogReader::usage);
    return node.build(() -> new EvalStats(started, completed, usage));
  }

  private static ModelUsage usage(Node node) {
    long input = longOr(node, "input_tokens", 0);
    long output = longOr(node, "output_tokens", 0);
    long total = longOr(node, "total_tokens", 0);
    Long cacheRead = optionalLong(node, "input_tokens_cache_read");
    Long cacheWrite = optionalLong(node, "input_tokens_cache_write");
    Long reasoning = optionalLong(node, "reasoning_tokens");
    return node.build(() -> new ModelUsage(input, output, total, cacheRead, cacheWrite, reasoning));
  }

  private static EvalError error(Node node) {
    String message = node.field("message", "a string").string();
    String traceback = stringOr(node, "traceback", "");
    String ansi = stringOr(node, "traceback_ansi", "");
    return node.build(() -> new EvalError(message, traceback, ansi));
  }

  /** One sample: an element of a JSON log's {@code samples}, or an archive's sample entry. */
  static EvalSample sample(Node node) {
    String id = node.field("id", "an integer or a string").id();
    int epoch = node.field("epoch", "an integer").intValue();
    Map<String, String> attachments = map(node.optional("attachments"), Node::string);
    Node inputNode = node.field("input", "a string or an array of messages");
    List<ChatMessage> input =
        inputNode.json().isTextual()
            ? List.of(
                inputNode.build(() -> ChatMessage.user(resolve(inputNode.string(), attachments))))
            : list(inputNode, m -> message(m, attachments));
    List<String> target = node.field("target", "a string or an array of strings").stringOrStrings();
    List<ChatMessage> messages = list(node.optional("messages"), m -> message(m, attachments));
    Node outputNode = node.optional("output");
    ModelOutput output =
        outputNode == null
            ? new ModelOutput("", List.of(), null, null)
            : output(outputNode, attachments);
    Map<String, Score> scores = map(node.optional("scores"), LogReader::score);
    ObjectNode metadata = objectOrEmpty(node.optional("metadata"));
    ObjectNode store = objectOrEmpty(node.optional("store"));
    Map<String, ModelUsage> usage = map(node.optional("model_usage"), LogReader::usage);
    Double totalTime = optionalNumber(node, "total_time");
    Double workingTime = optionalNumber(node, "working_time");
    Node errorNode = node.optional("error");
    EvalError error = errorNode == null ? null : error(errorNode);
    return node.build(
        () ->
            new EvalSample(
                id,
                epoch,
                input,
                target,
                messages,
                output,
                scores,
                metadata,
                store,
                usage,
                totalTime,
                workingTime,
                error));
  }

  private static ChatMessage message(Node node, Map<String, String> attachments) {
    Node roleNode = node.field("role", "a string");
    Role role = Role.ofWire(roleNode.string());
    if (role == null) {
      throw roleNode.malformed("an unknown role (expected: system, user, assistant or tool)");
    }
    Node contentNode = node.field("content", "a string or an array of content parts");
    JsonNode content = resolve(contentNode.json(), attachments);
    Node sourceNode = node.optional("source");
    // An unknown source is not needed to read the message: it is dropped.
    Source source = sourceNode == null ? null : Source.ofWire(sourceNode.string());
    String id = optionalString(node, "id");
    String model = role == Role.ASSISTANT ? optionalString(node, "model") : null;
    return node.build(() -> new ChatMessage(role, content, source, id, model));
  }

  private static ModelOutput output(Node node, Map<String, String> attachments) {
    String model = stringOr(node, "model", "");
    List<ChatCompletionChoice> choices =
        list(node.optional("choices"), c -> choice(c, attachments));
    Node usageNode = node.optional("usage");
    ModelUsage usage = usageNode == null ? null : usage(usageNode);
    Double time = optionalNumber(node, "time");
    return node.build(() -> new ModelOutput(model, choices, usage, time));
  }

  private static ChatCompletionChoice choice(Node node, Map<String, String> attachments) {
    ChatMessage message = message(node.field("message", "an assistant message"), attachments);
    Node stopNode = node.optional("stop_reason");
    StopReason parsed = stopNode == null ? null : StopReason.ofWire(stopNode.string());
    StopReason stop = parsed == null ? StopReason.UNKNOWN : parsed;
    return node.build(() -> new ChatCompletionChoice(message, stop));
  }

  private static Score score(Node node) {
    JsonNode value = node.field("value", "a score value").json();
    String answer = optionalString(node, "answer");
    String explanation = optionalString(node, "explanation");
    ObjectNode metadata = objectOrEmpty(node.optional("metadata"));
    return node.build(() -> new Score(value, answer, explanation, metadata));
  }

  /** A log's {@code reductions}, or an archive's {@code reductions.json}. */
  static List<EvalSampleReductions> reductions(@Nullable Node node) {
    return list(node, LogReader::reduction);
  }

  private static EvalSampleReductions reduction(Node node) {
    String scorer = node.field("scorer", "a string").string();
    String reducer = optionalString(node, "reducer");
    List<EvalSampleScore> samples =
        list(
            node.field("samples", "an array of scores"),
            s -> {
              Node idNode = s.optional("sample_id");
              String id = idNode == null ? null : idNode.id();
              Score score = score(s);
              return s.build(() -> new EvalSampleScore(id, score));
            });
    return node.build(() -> new EvalSampleReductions(scorer, reducer, samples));
  }

  /**
   * Inspect's attachment references ({@code attachment://hash}) replaced by what they stand for.
   */
  private static String resolve(String text, Map<String, String> attachments) {
    if (text.startsWith(ATTACHMENT)) {
      String resolved = attachments.get(text.substring(ATTACHMENT.length()));
      return resolved == null ? text : resolved;
    }
    return text;
  }

  private static JsonNode resolve(JsonNode content, Map<String, String> attachments) {
    if (attachments.isEmpty()) {
      return content;
    }
    if (content.isTextual()) {
      return TextNode.valueOf(resolve(content.textValue(), attachments));
    }
    if (!(content instanceof ArrayNode parts)) {
      return content; // the record reports the wrong type
    }
    ArrayNode out = parts.deepCopy();
    for (JsonNode part : out) {
      if (part instanceof ObjectNode object) {
        for (String member : ATTACHABLE) {
          JsonNode value = object.get(member);
          if (value != null && value.isTextual()) {
            object.put(member, resolve(value.textValue(), attachments));
          }
        }
      }
    }
    return out;
  }

  private static <T> List<T> list(@Nullable Node node, Function<Node, T> element) {
    if (node == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (Node e : node.elements()) {
      out.add(element.apply(e));
    }
    return out;
  }

  private static <T> Map<String, T> map(@Nullable Node node, Function<Node, T> value) {
    if (node == null) {
      return Map.of();
    }
    Map<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : node.members()) {
      if (!e.getValue().json().isNull()) {
        out.put(e.getKey(), value.apply(e.getValue()));
      }
    }
    return out;
  }

  private static ObjectNode objectOrEmpty(@Nullable Node node) {
    return node == null ? Json.emptyObject() : node.object();
  }

  private static String stringOr(Node node, String name, String fallback) {
    Node child = node.optional(name);
    return child == null ? fallback : child.string();
  }

  private static @Nullable String optionalString(Node node, String name) {
    Node child = node.optional(name);
    return child == null ? null : child.string();
  }

  private static @Nullable Integer optionalInt(Node node, String name) {
    Node child = node.optional(name);
    return child == null ? null : child.intValue();
  }

  private static @Nullable Long optionalLong(Node node, String name) {
    Node child = node.optional(name);
    return child == null ? null : child.longValue();
  }

  private static long longOr(Node node, String name, long fallback) {
    Node child = node.optional(name);
    return child == null ? fallback : child.longValue();
  }

  private static @Nullable Double optionalNumber(Node node, String name) {
    Node child = node.optional(name);
    return child == null ? null : child.number();
  }
}
