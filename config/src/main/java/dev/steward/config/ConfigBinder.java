package dev.steward.config;

import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Binds the YAML tree to {@link StewardConfig}, one method per section. To add a section: add its
 * key to {@link #SECTIONS}, write a method that reads it through {@link YamlMap}, and call it from
 * {@link #bind}. Sections are bound in dependency order (providers before models, models before
 * prices and departments) whatever their order in the file, so cross-references are checked against
 * the ids the file declares.
 */
final class ConfigBinder {
  static final List<String> SECTIONS =
      List.of(
          "server",
          "data-dir",
          "sandbox",
          "storage",
          "transparency-log",
          "providers",
          "models",
          "prices",
          "policy-version",
          "guards",
          "departments",
          "evaluations",
          "tracing");

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
  static final Pattern UPSTREAM_MODEL = Pattern.compile("\\S+");
  static final Pattern PRICE_KEY = Pattern.compile("[a-z0-9][a-z0-9._-]*/\\S+");
  static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  static final Pattern BASE_URI =
      Pattern.compile(
          "https?://(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])"
              + "(?::[0-9]{1,5})?(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*");

  static final Pattern SUITE = Pattern.compile("[a-z0-9./_-]+");
  static final Pattern METRIC = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  static final String ID_EXPECTED = "an id matching [a-z0-9][a-z0-9._-]*";
  static final String SUITE_EXPECTED =
      "a suite name or path matching [a-z0-9./_-]+, e.g. refusal-core or suites/triage.yaml";
  static final String METRIC_EXPECTED = "a metric name matching [a-z0-9][a-z0-9._-]*";
  static final String ALIAS_EXPECTED = "an alias matching [A-Za-z0-9][A-Za-z0-9._:/-]*";

  static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_QUEUE = 100;
  static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(10);

  private static final Map<String, Boolean> SANDBOX = ordered("allowed", true, "forbidden", false);
  private static final Map<String, Protocol> PROTOCOLS = protocols();
  private static final Map<String, Residency> RESIDENCIES =
      ordered("UK", Residency.UK, "EU", Residency.EU, "US", Residency.US, "OTHER", Residency.OTHER);
  private static final Map<String, Classification> CLASSIFICATIONS = classifications();
  private static final Map<String, ModelKind> KINDS =
      ordered("chat", ModelKind.CHAT, "embedding", ModelKind.EMBEDDING);
  private static final Map<String, String> RISK_TIERS =
      ordered("low", "low", "medium", "medium", "high", "high");
  private static final Map<String, Boolean> HUMAN_REVIEW = ordered("required", true, "none", false);
  private static final Map<String, Boolean> UNLABELLED = ordered("default", false, "refuse", true);
  private static final Map<String, ApprovalRules.Bound> BOUNDS = bounds();
  private static final Pattern POLICY_VERSION =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}");
  private static final String POLICY_VERSION_EXPECTED =
      "a version such as 2026-11-27.1 (letters, digits, . _ : + -, at most 64)";
  private static final Pattern ACTION_KEY = Pattern.compile("default|[A-Z][A-Z0-9_]*");
  private static final String ACTION_KEY_EXPECTED =
      "default or a personal-data type such as UK_NINO";
  private static final Map<String, PersonalDataType> PERSONAL_DATA_TYPES = personalDataTypes();
  private static final Map<String, PersonalDataAction> ACTIONS = actionNames(true);
  private static final Map<String, PersonalDataAction> OUTPUT_ACTIONS = actionNames(false);
  private static final Map<String, GuardsConfig.InjectionAction> USER_INJECTION =
      ordered(
          "off", GuardsConfig.InjectionAction.OFF,
          "flag", GuardsConfig.InjectionAction.FLAG,
          "block", GuardsConfig.InjectionAction.BLOCK);
  private static final Map<String, GuardsConfig.InjectionAction> TOOL_INJECTION =
      ordered(
          "off", GuardsConfig.InjectionAction.OFF,
          "flag", GuardsConfig.InjectionAction.FLAG,
          "block", GuardsConfig.InjectionAction.BLOCK,
          "strip", GuardsConfig.InjectionAction.STRIP);

  private final Path baseDir;
  private final Problems problems;
  private final String sourceSha256;

  ConfigBinder(Path baseDir, Problems problems, String sourceSha256) {
    this.baseDir = baseDir;
    this.problems = problems;
    this.sourceSha256 = sourceSha256;
  }

  /** The configuration, or {@code null} when the root is not a mapping (problems recorded). */
  @Nullable StewardConfig bind(YamlValue root) {
    YamlMap top = root.sections(SECTIONS);
    if (top == null) {
      return null;
    }
    ServerConfig server = server(top.get("server"));
    String dataDir = top.string("data-dir");
    boolean sandboxAllowed = top.oneOf("sandbox", SANDBOX, false);
    TransparencyLogConfig transparencyLog = transparencyLog(top.get("transparency-log"));
    StorageConfig storage = storage(top.get("storage"));

    Map<String, YamlValue> providerNodes = atLeastOne(top, "providers", ID, ID_EXPECTED);
    Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    providerNodes.forEach((id, node) -> put(providers, id, provider(id, node)));

    Map<String, YamlValue> modelNodes = atLeastOne(top, "models", ALIAS, ALIAS_EXPECTED);
    Set<String> routeIds = new LinkedHashSet<>();
    Map<String, ModelConfig> models = new LinkedHashMap<>();
    modelNodes.forEach(
        (alias, node) -> put(models, alias, model(alias, node, providerNodes.keySet(), routeIds)));

    Map<String, Price> prices = new LinkedHashMap<>();
    top.byId("prices", PRICE_KEY, "provider/model of a route")
        .forEach((key, node) -> put(prices, key, price(key, node, routeIds)));

    String policyVersion = top.matching("policy-version", POLICY_VERSION, POLICY_VERSION_EXPECTED);
    GuardsConfig guards = guards(top.get("guards"), GuardsConfig.NONE);
    Map<String, DepartmentConfig> departments = new LinkedHashMap<>();
    top.byId("departments", ID, ID_EXPECTED)
        .forEach(
            (id, node) -> put(departments, id, department(id, node, modelNodes.keySet(), guards)));
    EvaluationsConfig evaluations = evaluations(top.get("evaluations"), modelNodes.keySet());
    TracingConfig tracing = tracing(top.get("tracing"));

    return build(
        root,
        () ->
            new StewardConfig(
                server,
                sandboxAllowed,
                dataDir == null ? null : baseDir.resolve(dataDir).normalize().toString(),
                providers,
                models,
                prices,
                departments,
                transparencyLog,
                storage,
                policyVersion == null ? StewardConfig.UNVERSIONED : policyVersion,
                sourceSha256,
                evaluations,
                tracing));
  }

  private Map<String, YamlValue> atLeastOne(
      YamlMap top, String section, Pattern idPattern, String idExpected) {
    YamlValue v = top.required(section, "a mapping with at least one entry");
    if (v == null) {
      return Map.of();
    }
    Map<String, YamlValue> entries = v.byId(idPattern, idExpected);
    if (entries == null) {
      return Map.of();
    }
    if (entries.isEmpty() && v.node() instanceof MappingNode m && m.getValue().isEmpty()) {
      v.invalid("a mapping with at least one entry");
    }
    return entries;
  }

  // --- server ---------------------------------------------------------------------------------

  private ServerConfig server(@Nullable YamlValue node) {
    ServerConfig defaults =
        new ServerConfig(
            "127.0.0.1", 8080, ServerConfig.DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE, null);
    if (node == null) {
      return defaults;
    }
    YamlMap m =
        node.map(
            List.of(
                "host",
                "port",
                "max-body-bytes",
                "shutdown-grace",
                "admin-key",
                "read-timeout",
                "request-timeout"));
    if (m == null) {
      return defaults;
    }
    ServerConfig built =
        build(
            node,
            () ->
                new ServerConfig(
                    m.string("host", defaults.host()),
                    m.integer("port", defaults.port(), 0, 65535),
                    m.bytes("max-body-bytes", defaults.maxBodyBytes()),
                    m.duration("shutdown-grace", defaults.shutdownGrace()),
                    m.secret("admin-key", baseDir),
                    m.positiveDuration("read-timeout", defaults.readTimeout()),
                    m.positiveDuration("request-timeout", defaults.requestTimeout())));
    return built == null ? defaults : built;
  }

  // --- storage ------------------------------------------------------------------------------

  private static final Map<String, StorageConfig.Kind> STORAGE_KINDS =
      ordered("embedded", StorageConfig.Kind.EMBEDDED, "postgres", StorageConfig.Kind.POSTGRES);

  private StorageConfig storage(@Nullable YamlValue node) {
    if (node == null) {
      return StorageConfig.embedded();
    }
    YamlMap m = node.map(List.of("kind", "url", "user", "password"));
    if (m == null) {
      return StorageConfig.embedded();
    }
    StorageConfig built =
        build(
            node,
            () ->
                new StorageConfig(
                    m.oneOf("kind", STORAGE_KINDS, StorageConfig.Kind.EMBEDDED),
                    m.string("url"),
                    m.string("user"),
                    m.secret("password", baseDir)));
    return built == null ? StorageConfig.embedded() : built;
  }

  // --- transparency log ----------------------------------------------------------------------

  private static final Map<String, TransparencyLogConfig.Durability> DURABILITIES =
      ordered(
          "journal",
          TransparencyLogConfig.Durability.JOURNAL,
          "checkpoint",
          TransparencyLogConfig.Durability.CHECKPOINT);
  private static final Pattern ORIGIN = Pattern.compile("[\\x21-\\x2a\\x2c-\\x7e]{1,200}");

  private TransparencyLogConfig transparencyLog(@Nullable YamlValue node) {
    TransparencyLogConfig defaults = TransparencyLogConfig.defaults();
    if (node == null) {
      return defaults;
    }
    YamlMap m =
        node.map(
            List.of(
                "enabled",
                "dir",
                "signer-key",
                "origin",
                "durability",
                "max-batch-entries",
                "max-batch-wait",
                "max-pending",
                "publish-interval"));
    if (m == null) {
      return defaults;
    }
    String dir = m.string("dir");
    String origin =
        m.matching(
            "origin", ORIGIN, "printable ASCII without spaces or '+', e.g. example.gov.uk/ai-log");
    TransparencyLogConfig built =
        build(
            node,
            () ->
                new TransparencyLogConfig(
                    m.bool("enabled", true),
                    dir == null ? null : baseDir.resolve(dir).normalize().toString(),
                    m.secret("signer-key", baseDir),
                    origin == null ? defaults.origin() : origin,
                    m.oneOf("durability", DURABILITIES, defaults.durability()),
                    m.integer("max-batch-entries", defaults.maxBatchEntries(), 1, 65536),
                    m.duration("max-batch-wait", defaults.maxBatchWait()),
                    m.integer("max-pending", defaults.maxPendingEntries(), 1, 16_777_216),
                    m.duration("publish-interval", defaults.publishInterval())));
    return built == null ? defaults : built;
  }

  // --- tracing ---------------------------------------------------------------------------------

  private static final String OTLP_EXPECTED =
      "an http(s) URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318";

  private @Nullable TracingConfig tracing(@Nullable YamlValue node) {
    if (node == null) {
      return null;
    }
    YamlMap m = node.map(List.of("otlp-endpoint", "service-name", "sample-ratio", "headers"));
    if (m == null) {
      return null;
    }
    String endpoint = m.requiredMatching("otlp-endpoint", BASE_URI, OTLP_EXPECTED);
    String serviceName = m.string("service-name", TracingConfig.DEFAULT_SERVICE_NAME);
    double ratio = 1.0;
    YamlValue ratioNode = m.get("sample-ratio");
    if (ratioNode != null) {
      Double r = ratioNode.finite();
      if (r != null && (r < 0 || r > 1)) {
        ratioNode.invalid("a number from 0 to 1, e.g. 0.1");
      } else if (r != null) {
        ratio = r;
      }
    }
    Map<String, TracingConfig.HeaderValue> headers = new LinkedHashMap<>();
    m.byId("headers", HEADER_NAME, "an HTTP header name")
        .forEach(
            (name, v) -> {
              if (v.node() instanceof MappingNode) {
                Secret secret = v.secret(baseDir);
                if (secret != null) {
                  headers.put(name, new TracingConfig.HeaderValue.FromSecret(secret));
                }
                return;
              }
              String text = v.scalarText();
              if (text == null) {
                return;
              }
              if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                v.invalid("a single line");
                return;
              }
              headers.put(name, new TracingConfig.HeaderValue.Plain(text));
            });
    if (endpoint == null) {
      return null;
    }
    double sampleRatio = ratio;
    return build(
        node,
        () ->
            new TracingConfig(
                TracingConfig.tracesUrl(URI.create(endpoint)), serviceName, sampleRatio, headers));
  }

  // --- providers ------------------------------------------------------------------------------

  private @Nullable ProviderConfig provider(String id, YamlValue node) {
    YamlMap m =
        node.map(
            List.of(
                "protocol",
                "base-uri",
                "api-key",
                "residency",
                "max-classification",
                "sovereign",
                "timeouts",
                "capacity",
                "headers",
                "models"));
    if (m == null) {
      return null;
    }
    Protocol protocol = m.requiredOneOf("protocol", PROTOCOLS);
    URI baseUri = baseUri(m, protocol);
    Secret apiKey = m.secret("api-key", baseDir);
    Residency residency = m.requiredOneOf("residency", RESIDENCIES);
    Classification ceiling = m.requiredOneOf("max-classification", CLASSIFICATIONS);
    boolean sovereign = m.bool("sovereign", false);
    Timeouts timeouts =
        timeouts(m.map("timeouts", List.of("connect", "first-byte", "idle", "total")));
    Capacity capacity = capacity(m.get("capacity"));
    Map<String, String> headers = headers(m);
    Map<String, Map<String, String>> options = modelOptions(m);
    if (protocol == null || residency == null || ceiling == null) {
      return null;
    }
    return build(
        node,
        () ->
            new ProviderConfig(
                id, protocol, baseUri, apiKey, residency, ceiling, sovereign, timeouts, capacity,
                headers, options));
  }

  private static @Nullable URI baseUri(YamlMap m, @Nullable Protocol protocol) {
    YamlValue v = m.get("base-uri");
    if (v == null) {
      if (protocol != null && protocol != Protocol.SANDBOX) {
        m.required("base-uri", "an absolute http(s) URI");
      }
      return null;
    }
    if (protocol == Protocol.SANDBOX) {
      v.problem("not used by the sandbox protocol (expected: no base-uri)");
      return null;
    }
    String text =
        v.matching(BASE_URI, "an absolute http(s) URI without query, fragment or user info");
    if (text == null) {
      return null;
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        v.invalid("an absolute http(s) URI with a host name");
        return null;
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      v.invalid("an absolute http(s) URI");
      return null;
    }
  }

  private static Timeouts timeouts(@Nullable YamlMap m) {
    Timeouts d = Timeouts.DEFAULT;
    if (m == null) {
      return d;
    }
    return new Timeouts(
        m.positiveDuration("connect", d.connect()),
        m.positiveDuration("first-byte", d.firstByte()),
        m.positiveDuration("idle", d.idle()),
        m.positiveDuration("total", d.total()));
  }

  private @Nullable Capacity capacity(@Nullable YamlValue node) {
    if (node == null) {
      return null;
    }
    YamlMap m =
        node.map(List.of("max-concurrency", "max-queue", "queue-timeout", "gpu-hour-gbp", "gpus"));
    if (m == null) {
      return null;
    }
    Integer concurrency = m.requiredInteger("max-concurrency", 1, 100_000);
    int queue = m.integer("max-queue", DEFAULT_MAX_QUEUE, 0, 1_000_000);
    Duration timeout = m.positiveDuration("queue-timeout", DEFAULT_QUEUE_TIMEOUT);
    YamlValue rate = m.get("gpu-hour-gbp");
    BigDecimal gpuHourGbp = rate == null ? null : rate.decimal();
    int gpus = m.integer("gpus", 1, 1, 1_000_000);
    if (concurrency == null) {
      return null;
    }
    return build(node, () -> new Capacity(concurrency, queue, timeout, gpuHourGbp, gpus));
  }

  private static Map<String, String> headers(YamlMap m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.byId("headers", HEADER_NAME, "an HTTP header name")
        .forEach(
            (name, v) -> {
              String text = v.scalarText();
              if (text == null) {
                return;
              }
              if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                v.invalid("a single line");
                return;
              }
              out.put(name, text);
            });
    return out;
  }

  private static Map<String, Map<String, String>> modelOptions(YamlMap m) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    m.byId("models", UPSTREAM_MODEL, "an upstream model id without spaces")
        .forEach(
            (model, v) -> {
              Map<String, YamlValue> options =
                  v.byId(OPTION_NAME, "an option name matching [A-Za-z0-9][A-Za-z0-9._-]*");
              if (options == null) {
                return;
              }
              Map<String, String> values = new LinkedHashMap<>();
              options.forEach((name, o) -> put(values, name, o.scalarText()));
              out.put(model, Map.copyOf(values));
            });
    return out;
  }

  // --- models ---------------------------------------------------------------------------------

  private @Nullable ModelConfig model(
      String alias, YamlValue node, Set<String> providerIds, Set<String> routeIds) {
    YamlMap m =
        node.map(
            List.of(
                "kind", "description", "routes", "retry", "circuit-breaker", "max-output-tokens"));
    if (m == null) {
      return null;
    }
    ModelKind kind = m.oneOf("kind", KINDS, ModelKind.CHAT);
    String description = m.string("description");
    List<RouteConfig> routes = new ArrayList<>();
    YamlValue routesNode = m.required("routes", "a list of at least one route");
    List<YamlValue> items = routesNode == null ? null : routesNode.list();
    if (items != null && items.isEmpty() && routesNode != null) {
      routesNode.invalid("a list of at least one route");
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (YamlValue item : items == null ? List.<YamlValue>of() : items) {
      RouteConfig route = route(item, providerIds);
      if (route == null) {
        continue;
      }
      routeIds.add(route.id());
      String first = seen.putIfAbsent(route.id(), item.path());
      if (first != null) {
        item.problem("duplicate route " + route.id() + " (first at " + first + ")");
        continue;
      }
      routes.add(route);
    }
    RetryConfig retry =
        retry(m.map("retry", List.of("max-attempts", "initial-backoff", "max-backoff")));
    BreakerConfig breaker =
        breaker(m.map("circuit-breaker", List.of("failure-threshold", "open-for")));
    int maxOutputTokens =
        m.integer("max-output-tokens", ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS, 1, Integer.MAX_VALUE);
    if (items == null || routes.size() != items.size() || routes.isEmpty()) {
      return null;
    }
    return build(
        node,
        () -> new ModelConfig(alias, kind, routes, retry, breaker, description, maxOutputTokens));
  }

  private @Nullable RouteConfig route(YamlValue node, Set<String> providerIds) {
    YamlMap m =
        node.map(List.of("provider", "model", "priority", "weight", "version", "weights-sha256"));
    if (m == null) {
      return null;
    }
    String provider = m.requiredMatching("provider", ID, ID_EXPECTED);
    String model =
        m.requiredMatching("model", UPSTREAM_MODEL, "an upstream model id without spaces");
    int priority = m.integer("priority", 0, 0, Integer.MAX_VALUE);
    int weight = m.integer("weight", 1, 0, Integer.MAX_VALUE);
    String version = m.string("version");
    String weightsSha256 =
        m.matching("weights-sha256", SHA256, "64 hex digits: the SHA-256 of the model's weights");
    YamlValue providerNode = m.get("provider");
    if (provider != null
        && providerNode != null
        && !providerIds.isEmpty()
        && !providerIds.contains(provider)) {
      providerNode.problem(unknownReference(provider, "a configured provider", providerIds));
    }
    if (provider == null || model == null) {
      return null;
    }
    return build(
        node, () -> new RouteConfig(provider, model, priority, weight, version, weightsSha256));
  }

  private static RetryConfig retry(@Nullable YamlMap m) {
    RetryConfig d = RetryConfig.DEFAULT;
    if (m == null) {
      return d;
    }
    int attempts = m.integer("max-attempts", d.maxAttempts(), 1, 10);
    Duration initial = m.duration("initial-backoff", d.initialBackoff());
    Duration max = m.duration("max-backoff", d.maxBackoff());
    if (max.compareTo(initial) < 0) {
      YamlValue maxNode = m.get("max-backoff");
      YamlValue initialNode = m.get("initial-backoff");
      if (maxNode != null) {
        maxNode.invalid(">= initial-backoff " + Units.format(initial));
      } else if (initialNode != null) {
        initialNode.invalid("<= max-backoff " + Units.format(max));
      }
      return d;
    }
    return new RetryConfig(attempts, initial, max);
  }

  private static BreakerConfig breaker(@Nullable YamlMap m) {
    BreakerConfig d = BreakerConfig.DEFAULT;
    if (m == null) {
      return d;
    }
    return new BreakerConfig(
        m.integer("failure-threshold", d.failureThreshold(), 1, 1000),
        m.positiveDuration("open-for", d.openFor()));
  }

  // --- prices ---------------------------------------------------------------------------------

  private @Nullable Price price(String key, YamlValue node, Set<String> routeIds) {
    if (!routeIds.isEmpty() && !routeIds.contains(key)) {
      node.keyProblem(unknownReference(key, "the provider/model of a route", routeIds));
    }
    YamlMap m = node.map(List.of("input", "output", "cached-input"));
    if (m == null) {
      return null;
    }
    BigDecimal input = m.requiredDecimal("input");
    BigDecimal output = m.requiredDecimal("output");
    BigDecimal cached = m.decimal("cached-input", input == null ? BigDecimal.ZERO : input);
    if (input == null || output == null) {
      return null;
    }
    return build(node, () -> new Price(input, output, cached));
  }

  // --- departments ----------------------------------------------------------------------------

  private @Nullable DepartmentConfig department(
      String id, YamlValue node, Set<String> aliases, GuardsConfig guards) {
    YamlMap m = node.map(List.of("name", "weight", "services", "budget"));
    if (m == null) {
      return null;
    }
    String name = m.requiredString("name");
    int weight = m.integer("weight", 1, 1, 1000);
    Budget budget = budget(m);
    Map<String, ServiceConfig> services = new LinkedHashMap<>();
    m.byId("services", ID, ID_EXPECTED)
        .forEach((sid, s) -> put(services, sid, service(sid, s, aliases, guards)));
    if (name == null) {
      return null;
    }
    return build(node, () -> new DepartmentConfig(id, name, weight, services, budget));
  }

  private @Nullable ServiceConfig service(
      String id, YamlValue node, Set<String> aliases, GuardsConfig guards) {
    YamlMap m = node.map(List.of("name", "use-cases", "budget", "rate-limit", "transparency"));
    if (m == null) {
      return null;
    }
    String name = m.requiredString("name");
    Budget budget = budget(m);
    RateLimit rateLimit = rateLimit(m, "rate-limit");
    Map<String, UseCaseConfig> useCases = new LinkedHashMap<>();
    m.byId("use-cases", ID, ID_EXPECTED)
        .forEach((uid, u) -> put(useCases, uid, useCase(uid, u, aliases, guards)));
    ServiceTransparency transparency = transparency(m.get("transparency"));
    if (name == null) {
      return null;
    }
    return build(
        node, () -> new ServiceConfig(id, name, useCases, budget, rateLimit, transparency));
  }

  /** A service's {@code transparency:} fields (docs/spec/atrs.md); bad values are reported. */
  private static ServiceTransparency transparency(@Nullable YamlValue node) {
    YamlMap m = node == null ? null : node.map(ServiceTransparency.KEYS);
    if (m == null) {
      return ServiceTransparency.NONE;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String key : ServiceTransparency.KEYS) {
      YamlValue v = m.get(key);
      if (v == null) {
        continue;
      }
      List<String> items = new ArrayList<>();
      if (ServiceTransparency.LIST_KEYS.contains(key) && v.node() instanceof SequenceNode) {
        List<YamlValue> list = v.list();
        if (list != null && list.isEmpty()) {
          v.invalid("a non-empty list of strings, or one string");
        }
        for (YamlValue item : list == null ? List.<YamlValue>of() : list) {
          String s = item.string();
          if (s != null) {
            items.add(s.strip());
          }
        }
      } else {
        String s =
            switch (key) {
              case "website-url", "source-data-url" ->
                  v.matching(ServiceTransparency.URL, "an http or https URL");
              case "contact-email" ->
                  v.matching(
                      ServiceTransparency.EMAIL, "an email address, e.g. team@example.gov.uk");
              case "phase" ->
                  v.matching(
                      ServiceTransparency.PHASE, "pre-deployment, beta, production or retired");
              default -> v.string();
            };
        if (s != null) {
          items.add(s.strip());
        }
      }
      if (!items.isEmpty()) {
        values.put(key, items);
      }
    }
    ServiceTransparency built =
        build(Objects.requireNonNull(node), () -> new ServiceTransparency(values));
    return built == null ? ServiceTransparency.NONE : built;
  }

  private static RateLimit rateLimit(YamlMap parent, String key) {
    YamlMap m = parent.map(key, List.of("requests-per-minute", "tokens-per-minute"));
    if (m == null) {
      return RateLimit.NONE;
    }
    YamlValue requests = m.get("requests-per-minute");
    YamlValue tokens = m.get("tokens-per-minute");
    Long rpm = requests == null ? null : requests.integer(1, Integer.MAX_VALUE);
    return new RateLimit(
        rpm == null ? null : rpm.intValue(),
        tokens == null ? null : tokens.integer(1, Long.MAX_VALUE));
  }

  private static Budget budget(YamlMap parent) {
    return budget(parent, "budget");
  }

  private static Budget budget(YamlMap parent, String key) {
    YamlMap m =
        parent.map(
            key, List.of("gbp-per-day", "gbp-per-month", "tokens-per-day", "tokens-per-month"));
    if (m == null) {
      return Budget.NONE;
    }
    YamlValue gbpDay = m.get("gbp-per-day");
    YamlValue gbpMonth = m.get("gbp-per-month");
    YamlValue tokensDay = m.get("tokens-per-day");
    YamlValue tokensMonth = m.get("tokens-per-month");
    return new Budget(
        gbpDay == null ? null : gbpDay.decimal(),
        gbpMonth == null ? null : gbpMonth.decimal(),
        tokensDay == null ? null : tokensDay.integer(0, Long.MAX_VALUE),
        tokensMonth == null ? null : tokensMonth.integer(0, Long.MAX_VALUE));
  }

  private @Nullable UseCaseConfig useCase(
      String id, YamlValue node, Set<String> aliases, GuardsConfig defaults) {
    YamlMap m =
        node.map(
            List.of(
                "purpose",
                "models",
                "risk-tier",
                "human-review",
                "baseline-minutes",
                "high-risk-area",
                "classification",
                "residency",
                "rate-limit-per-key",
                "budget-per-key",
                "guards",
                "approvals"));
    if (m == null) {
      return null;
    }
    String purpose = m.requiredString("purpose");
    List<String> models = new ArrayList<>();
    YamlValue modelsNode = m.get("models");
    if (modelsNode != null) {
      List<YamlValue> items = modelsNode.list();
      if (items != null && items.isEmpty()) {
        modelsNode.invalid("at least one model alias; omit models to allow every alias");
      }
      for (YamlValue item : items == null ? List.<YamlValue>of() : items) {
        String alias = item.matching(ALIAS, ALIAS_EXPECTED);
        if (alias == null) {
          continue;
        }
        if (models.contains(alias)) {
          item.problem("duplicate alias '" + alias + "'");
        } else if (!aliases.isEmpty() && !aliases.contains(alias)) {
          item.problem(unknownReference(alias, "a configured model alias", aliases));
        } else {
          models.add(alias);
        }
      }
    }
    String riskTier = m.oneOf("risk-tier", RISK_TIERS, "low");
    boolean humanReview = m.oneOf("human-review", HUMAN_REVIEW, false);
    Double baseline = m.number("baseline-minutes");
    String area = m.string("high-risk-area");
    YamlMap cls = m.map("classification", List.of("default", "unlabelled"));
    Classification defaultLabel =
        cls == null
            ? Classification.OFFICIAL
            : cls.oneOf("default", CLASSIFICATIONS, Classification.OFFICIAL);
    boolean refuseUnlabelled = cls != null && cls.oneOf("unlabelled", UNLABELLED, false);
    Set<Residency> residencies = EnumSet.noneOf(Residency.class);
    YamlValue residencyNode = m.get("residency");
    if (residencyNode == null) {
      residencies = EnumSet.allOf(Residency.class);
    } else {
      List<YamlValue> items = residencyNode.list();
      if (items != null && items.isEmpty()) {
        residencyNode.invalid("at least one of UK, EU, US, OTHER; omit residency to allow any");
      }
      for (YamlValue item : items == null ? List.<YamlValue>of() : items) {
        Residency r = item.oneOf(RESIDENCIES);
        if (r != null) {
          residencies.add(r);
        }
      }
      if (residencies.isEmpty()) {
        residencies = EnumSet.allOf(Residency.class);
      }
    }
    RateLimit perKey = rateLimit(m, "rate-limit-per-key");
    Budget budgetPerKey = budget(m, "budget-per-key");
    GuardsConfig guards = guards(m.get("guards"), defaults);
    ApprovalRules approvals = approvals(m.get("approvals"));
    if (purpose == null) {
      return null;
    }
    Set<Residency> allowed = residencies;
    return build(
        node,
        () ->
            new UseCaseConfig(
                id,
                purpose,
                models,
                riskTier,
                humanReview,
                baseline,
                area,
                defaultLabel,
                refuseUnlabelled,
                allowed,
                perKey,
                budgetPerKey,
                guards,
                approvals));
  }

  // --- approvals ----------------------------------------------------------------------------

  private static ApprovalRules approvals(@Nullable YamlValue node) {
    if (node == null) {
      return ApprovalRules.NONE;
    }
    YamlMap m = node.map(List.of("requires", "valid-for"));
    if (m == null) {
      return ApprovalRules.NONE;
    }
    YamlValue requiresNode = m.required("requires", "a list of at least one requirement");
    List<YamlValue> items = requiresNode == null ? null : requiresNode.list();
    if (requiresNode != null && items != null && items.isEmpty()) {
      requiresNode.invalid(
          "at least one requirement; omit approvals for a use case that does not gate on"
              + " evidence");
    }
    List<ApprovalRules.Requirement> requires = new ArrayList<>();
    for (YamlValue item : items == null ? List.<YamlValue>of() : items) {
      ApprovalRules.Requirement r = requirement(item);
      if (r != null) {
        requires.add(r);
      }
    }
    Duration validFor = m.positiveDuration("valid-for", ApprovalRules.DEFAULT_VALID_FOR);
    if (items == null || requires.isEmpty() || requires.size() != items.size()) {
      return ApprovalRules.NONE;
    }
    ApprovalRules built = build(node, () -> new ApprovalRules(requires, validFor));
    return built == null ? ApprovalRules.NONE : built;
  }

  private static ApprovalRules.@Nullable Requirement requirement(YamlValue node) {
    YamlMap m = node.map(List.of("suite", "metric", "min", "max", "bound"));
    if (m == null) {
      return null;
    }
    String suite = m.requiredMatching("suite", SUITE, SUITE_EXPECTED);
    String metric = m.requiredMatching("metric", METRIC, METRIC_EXPECTED);
    Double min = m.finite("min");
    Double max = m.finite("max");
    ApprovalRules.Bound bound = m.oneOf("bound", BOUNDS, ApprovalRules.Bound.POINT);
    if (!m.has("min") && !m.has("max")) {
      node.problem("a requirement without a threshold (expected: min, max or both)");
      return null;
    }
    YamlValue maxNode = m.get("max");
    if (min != null && max != null && maxNode != null && min > max) {
      maxNode.invalid(">= min " + Objects.requireNonNull(m.get("min")).describe());
      return null;
    }
    if (suite == null || metric == null || (min == null && max == null)) {
      return null;
    }
    return build(node, () -> new ApprovalRules.Requirement(suite, metric, min, max, bound));
  }

  // --- evaluations --------------------------------------------------------------------------

  private static EvaluationsConfig evaluations(@Nullable YamlValue node, Set<String> aliases) {
    EvaluationsConfig d = EvaluationsConfig.DEFAULT;
    if (node == null) {
      return d;
    }
    YamlMap m = node.map(List.of("concurrency", "sample-timeout", "canaries", "auto-revoke"));
    if (m == null) {
      return d;
    }
    int concurrency =
        m.integer("concurrency", d.concurrency(), 1, EvaluationsConfig.MAX_CONCURRENCY);
    Duration sampleTimeout = m.positiveDuration("sample-timeout", d.sampleTimeout());
    boolean autoRevoke = m.bool("auto-revoke", d.autoRevoke());
    List<EvaluationsConfig.Canary> canaries = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (YamlValue item : m.list("canaries")) {
      EvaluationsConfig.Canary canary = canary(item, aliases);
      if (canary == null) {
        continue;
      }
      String key = canary.suite() + " on " + canary.model();
      String first = seen.putIfAbsent(key, item.path());
      if (first != null) {
        item.problem("duplicate canary " + key + " (first at " + first + ")");
        continue;
      }
      canaries.add(canary);
    }
    EvaluationsConfig built =
        build(node, () -> new EvaluationsConfig(concurrency, sampleTimeout, canaries, autoRevoke));
    return built == null ? d : built;
  }

  private static EvaluationsConfig.@Nullable Canary canary(YamlValue node, Set<String> aliases) {
    YamlMap m = node.map(List.of("suite", "model", "every", "limit"));
    if (m == null) {
      return null;
    }
    String suite = m.requiredMatching("suite", SUITE, SUITE_EXPECTED);
    String model = m.requiredMatching("model", ALIAS, ALIAS_EXPECTED);
    YamlValue modelNode = m.get("model");
    if (model != null && modelNode != null && !aliases.isEmpty() && !aliases.contains(model)) {
      modelNode.problem(unknownReference(model, "a configured model alias", aliases));
      model = null;
    }
    YamlValue everyNode = m.required("every", "a duration of at least 1m");
    Duration every = everyNode == null ? null : everyNode.duration(true);
    if (every != null
        && everyNode != null
        && every.compareTo(EvaluationsConfig.MIN_CANARY_EVERY) < 0) {
      everyNode.invalid("a duration of at least 1m");
      every = null;
    }
    YamlValue limitNode = m.get("limit");
    Long limit = limitNode == null ? null : limitNode.integer(1, Integer.MAX_VALUE);
    if (suite == null || model == null || every == null || (limitNode != null && limit == null)) {
      return null;
    }
    String alias = model;
    Duration interval = every;
    return build(
        node,
        () ->
            new EvaluationsConfig.Canary(
                suite, alias, interval, limit == null ? null : limit.intValue()));
  }

  // --- guards -------------------------------------------------------------------------------

  /** A {@code guards:} section; each sub-section it names replaces the one in {@code defaults}. */
  private static GuardsConfig guards(@Nullable YamlValue node, GuardsConfig defaults) {
    if (node == null) {
      return defaults;
    }
    YamlMap m = node.map(List.of("personal-data", "injection", "label"));
    if (m == null) {
      return defaults;
    }
    GuardsConfig.PersonalData personalData =
        m.has("personal-data")
            ? personalData(Objects.requireNonNull(m.get("personal-data")), defaults.personalData())
            : defaults.personalData();
    GuardsConfig.Injection injection =
        m.has("injection")
            ? injection(Objects.requireNonNull(m.get("injection")), defaults.injection())
            : defaults.injection();
    GuardsConfig.Label label =
        m.has("label") ? label(Objects.requireNonNull(m.get("label"))) : defaults.label();
    GuardsConfig built = build(node, () -> new GuardsConfig(personalData, injection, label));
    return built == null ? defaults : built;
  }

  private static GuardsConfig.PersonalData personalData(
      YamlValue node, GuardsConfig.PersonalData fallback) {
    YamlMap m = node.map(List.of("input", "output", "min-score"));
    if (m == null) {
      return fallback;
    }
    Map<PersonalDataType, PersonalDataAction> input = new EnumMap<>(PersonalDataType.class);
    Map<PersonalDataType, PersonalDataAction> output = new EnumMap<>(PersonalDataType.class);
    PersonalDataAction inputDefault = actions(m.get("input"), input, ACTIONS);
    PersonalDataAction outputDefault = actions(m.get("output"), output, OUTPUT_ACTIONS);
    Double minScore = m.number("min-score");
    if (minScore != null && !(minScore >= 0 && minScore <= 1)) {
      Objects.requireNonNull(m.get("min-score")).invalid("a score from 0 to 1");
      minScore = null;
    }
    double score = minScore == null ? GuardsConfig.PersonalData.NONE.minScore() : minScore;
    GuardsConfig.PersonalData built =
        build(
            node,
            () -> new GuardsConfig.PersonalData(input, inputDefault, output, outputDefault, score));
    return built == null ? fallback : built;
  }

  /** Reads {@code {default: allow, UK_NINO: mask, …}} into {@code into}; returns the default. */
  private static PersonalDataAction actions(
      @Nullable YamlValue node,
      Map<PersonalDataType, PersonalDataAction> into,
      Map<String, PersonalDataAction> allowed) {
    if (node == null) {
      return PersonalDataAction.ALLOW;
    }
    Map<String, YamlValue> entries = node.byId(ACTION_KEY, ACTION_KEY_EXPECTED);
    if (entries == null) {
      return PersonalDataAction.ALLOW;
    }
    PersonalDataAction fallback = PersonalDataAction.ALLOW;
    for (Map.Entry<String, YamlValue> e : entries.entrySet()) {
      PersonalDataAction action = e.getValue().oneOf(allowed);
      if (action == null) {
        continue;
      }
      if (e.getKey().equals("default")) {
        fallback = action;
        continue;
      }
      PersonalDataType type = PERSONAL_DATA_TYPES.get(e.getKey());
      if (type == null) {
        e.getValue()
            .keyProblem(
                unknownReference(
                    e.getKey(), "default or a personal-data type", PERSONAL_DATA_TYPES.keySet()));
      } else {
        into.put(type, action);
      }
    }
    return fallback;
  }

  private static GuardsConfig.Injection injection(YamlValue node, GuardsConfig.Injection fallback) {
    YamlMap m = node.map(List.of("user-messages", "tool-content", "threshold"));
    if (m == null) {
      return fallback;
    }
    GuardsConfig.InjectionAction user =
        m.oneOf("user-messages", USER_INJECTION, GuardsConfig.InjectionAction.FLAG);
    GuardsConfig.InjectionAction tool =
        m.oneOf("tool-content", TOOL_INJECTION, GuardsConfig.InjectionAction.FLAG);
    Double threshold = m.number("threshold");
    if (threshold != null && !(threshold > 0 && threshold <= 1)) {
      Objects.requireNonNull(m.get("threshold")).invalid("a score above 0, at most 1");
      threshold = null;
    }
    double t = threshold == null ? GuardsConfig.Injection.OFF.threshold() : threshold;
    GuardsConfig.Injection built = build(node, () -> new GuardsConfig.Injection(user, tool, t));
    return built == null ? fallback : built;
  }

  private static GuardsConfig.Label label(YamlValue node) {
    YamlMap m = node.map(List.of("header", "marker"));
    if (m == null) {
      return GuardsConfig.Label.NONE;
    }
    boolean header = m.bool("header", true);
    String marker = m.string("marker");
    GuardsConfig.Label built = build(node, () -> new GuardsConfig.Label(header, marker));
    return built == null ? GuardsConfig.Label.NONE : built;
  }

  // --- helpers --------------------------------------------------------------------------------

  /** "'x' is not a configured provider (did you mean 'y'?)" or with the list of choices. */
  static String unknownReference(String given, String what, Collection<String> known) {
    String suggestion = Suggestions.closest(given, known);
    if (suggestion != null) {
      return "'" + given + "' (expected: " + what + "; did you mean '" + suggestion + "'?)";
    }
    List<String> shown = known.stream().limit(10).toList();
    return "'"
        + given
        + "' (expected: "
        + what
        + ", one of "
        + String.join(", ", shown)
        + (known.size() > shown.size() ? ", ..." : "")
        + ")";
  }

  /**
   * Runs a record constructor; its own checks are a safety net behind the binder's, so a refusal is
   * recorded as a problem at {@code node} rather than thrown.
   */
  private static <T> @Nullable T build(YamlValue node, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      node.problem(String.valueOf(e.getMessage()));
      return null;
    }
  }

  private static <T> void put(Map<String, T> map, String key, @Nullable T value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... namesAndValues) {
    Map<String, V> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put((String) namesAndValues[i], (V) namesAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, ApprovalRules.Bound> bounds() {
    Map<String, ApprovalRules.Bound> out = new LinkedHashMap<>();
    for (ApprovalRules.Bound b : ApprovalRules.Bound.values()) {
      out.put(b.configName(), b);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Protocol> protocols() {
    Map<String, Protocol> out = new LinkedHashMap<>();
    for (Protocol p : Protocol.values()) {
      out.put(p.configName(), p);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, PersonalDataType> personalDataTypes() {
    Map<String, PersonalDataType> out = new LinkedHashMap<>();
    for (PersonalDataType t : PersonalDataType.values()) {
      out.put(t.name(), t);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, PersonalDataAction> actionNames(boolean pseudonymise) {
    Map<String, PersonalDataAction> out = new LinkedHashMap<>();
    for (PersonalDataAction a : PersonalDataAction.values()) {
      if (pseudonymise || a != PersonalDataAction.PSEUDONYMISE) {
        out.put(a.wire(), a);
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Map<String, Classification> classifications() {
    Map<String, Classification> out = new LinkedHashMap<>();
    for (Classification c : Classification.values()) {
      out.put(c.name().replace('_', '-'), c);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
