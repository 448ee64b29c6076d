package dev.steward.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A mapping with a fixed set of keys (unknown ones were reported when it was opened), and typed
 * getters that record a problem and fall back to the default when a value is wrong. Getters named
 * {@code required*} record "missing" when the key is absent and return {@code null} then.
 */
final class YamlMap {
  /** Reads one value; {@code null} once a problem has been recorded. */
  @FunctionalInterface
  interface Reader<T> {
    @Nullable T read(YamlValue value);
  }

  private final YamlValue self;
  private final Map<String, YamlValue> values;

  YamlMap(YamlValue self, Map<String, YamlValue> values) {
    this.self = self;
    this.values = values;
  }

  YamlValue self() {
    return self;
  }

  String path() {
    return self.path();
  }

  boolean has(String key) {
    return values.containsKey(key);
  }

  @Nullable YamlValue get(String key) {
    return values.get(key);
  }

  /** The value, or a "missing" problem at this mapping and {@code null}. */
  @Nullable YamlValue required(String key, String expected) {
    YamlValue v = values.get(key);
    if (v == null) {
      self.problems().at(self.node(), self.child(key), "missing (expected: " + expected + ")");
    }
    return v;
  }

  private <T> T optional(String key, T fallback, Reader<T> read) {
    YamlValue v = values.get(key);
    if (v == null) {
      return fallback;
    }
    T value = read.read(v);
    return value == null ? fallback : value;
  }

  private <T> @Nullable T nullable(String key, Reader<T> read) {
    YamlValue v = values.get(key);
    return v == null ? null : read.read(v);
  }

  @Nullable String string(String key) {
    return nullable(key, YamlValue::string);
  }

  String string(String key, String fallback) {
    return optional(key, fallback, YamlValue::string);
  }

  @Nullable String requiredString(String key) {
    YamlValue v = required(key, "a non-empty string");
    return v == null ? null : v.string();
  }

  @Nullable String matching(String key, Pattern pattern, String expected) {
    return nullable(key, v -> v.matching(pattern, expected));
  }

  @Nullable String requiredMatching(String key, Pattern pattern, String expected) {
    YamlValue v = required(key, expected);
    return v == null ? null : v.matching(pattern, expected);
  }

  int integer(String key, int fallback, int min, int max) {
    return optional(key, (long) fallback, v -> v.integer(min, max)).intValue();
  }

  @Nullable Integer requiredInteger(String key, int min, int max) {
    YamlValue v = required(key, "an integer");
    Long n = v == null ? null : v.integer(min, max);
    return n == null ? null : n.intValue();
  }

  @Nullable Double number(String key) {
    BigDecimal n = nullable(key, YamlValue::decimal);
    return n == null ? null : n.doubleValue();
  }

  /** A finite number of either sign, or {@code null} when absent or wrong. */
  @Nullable Double finite(String key) {
    return nullable(key, YamlValue::finite);
  }

  @Nullable BigDecimal requiredDecimal(String key) {
    YamlValue v = required(key, "a number >= 0");
    return v == null ? null : v.decimal();
  }

  BigDecimal decimal(String key, BigDecimal fallback) {
    return optional(key, fallback, YamlValue::decimal);
  }

  boolean bool(String key, boolean fallback) {
    return optional(key, fallback, YamlValue::bool);
  }

  Duration duration(String key, Duration fallback) {
    return optional(key, fallback, v -> v.duration(false));
  }

  Duration positiveDuration(String key, Duration fallback) {
    return optional(key, fallback, v -> v.duration(true));
  }

  long bytes(String key, long fallback) {
    return optional(key, fallback, YamlValue::bytes);
  }

  <E> E oneOf(String key, Map<String, E> byName, E fallback) {
    return optional(key, fallback, v -> v.oneOf(byName));
  }

  <E> @Nullable E requiredOneOf(String key, Map<String, E> byName) {
    YamlValue v = required(key, "one of " + String.join(", ", byName.keySet()));
    return v == null ? null : v.oneOf(byName);
  }

  @Nullable Secret secret(String key, Path baseDir) {
    return nullable(key, v -> v.secret(baseDir));
  }

  /** A nested mapping with fixed keys, or {@code null} when absent or not a mapping. */
  @Nullable YamlMap map(String key, List<String> keys) {
    return nullable(key, v -> v.map(keys));
  }

  /** A nested mapping keyed by ids; empty when absent. */
  Map<String, YamlValue> byId(String key, Pattern idPattern, String idExpected) {
    return optional(key, Map.of(), v -> v.byId(idPattern, idExpected));
  }

  /** A list; empty when absent. */
  List<YamlValue> list(String key) {
    return optional(key, List.of(), YamlValue::list);
  }
}
