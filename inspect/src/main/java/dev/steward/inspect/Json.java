package dev.steward.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks and copies shared by the records, and the spellings shared by the reader and writer. */
final class Json {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * An id or version that Inspect would have held as a Python {@code int}: written as a JSON
   * integer, everything else as a string.
   */
  private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,17}");

  /**
   * Python's {@code datetime.isoformat()}: fraction only when non-zero, offset as {@code ±hh:mm}.
   */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT);

  private Json() {}

  /** Whether {@code id} is written as a JSON integer. */
  static boolean isInteger(String id) {
    return INTEGER.matcher(id).matches();
  }

  static String formatTime(OffsetDateTime time) {
    return (time.getNano() == 0 ? SECONDS : MICROS).format(time);
  }

  /** A time as a log holds it: to the microsecond, years 1..9999 (Python's range). */
  static OffsetDateTime time(String name, OffsetDateTime time) {
    Objects.requireNonNull(time, name);
    if (time.getYear() < 1 || time.getYear() > 9999) {
      throw new IllegalArgumentException(name + ": " + time + " (expected: a year in 1..9999)");
    }
    return time.truncatedTo(ChronoUnit.MICROS);
  }

  static @Nullable OffsetDateTime optionalTime(String name, @Nullable OffsetDateTime time) {
    return time == null ? null : time(name, time);
  }

  static String nonBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + ": blank (expected: a non-blank string)");
    }
    return value;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: at least " + min + ")");
    }
    return value;
  }

  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: at least " + min + ")");
    }
    return value;
  }

  static @Nullable Integer optionalAtLeast(String name, @Nullable Integer value, int min) {
    if (value != null) {
      atLeast(name, value.intValue(), min);
    }
    return value;
  }

  static @Nullable Long optionalAtLeast(String name, @Nullable Long value, long min) {
    if (value != null) {
      atLeast(name, value.longValue(), min);
    }
    return value;
  }

  /** A duration, temperature or similar: finite and not negative. */
  static @Nullable Double optionalNonNegative(String name, @Nullable Double value) {
    if (value != null && !(Double.isFinite(value) && value >= 0)) {
      throw new IllegalArgumentException(
          name + ": " + value + " (expected: a finite number, at least 0)");
    }
    return value;
  }

  /** A deep copy, so the caller's node and the record's never share state. */
  static ObjectNode object(String name, ObjectNode value) {
    return Objects.requireNonNull(value, name).deepCopy();
  }

  static ObjectNode emptyObject() {
    return NODES.objectNode();
  }

  /** An unmodifiable copy that keeps the caller's order (written in that order). */
  static <V> Map<String, V> orderedMap(String name, Map<String, V> map) {
    Objects.requireNonNull(map, name);
    Map<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : map.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), () -> name + ": a null key");
      V value = Objects.requireNonNull(e.getValue(), () -> name + "." + key + ": null");
      copy.put(key, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  static List<String> strings(String name, List<String> values) {
    Objects.requireNonNull(values, name);
    List<String> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      int index = i;
      copy.add(Objects.requireNonNull(values.get(i), () -> name + "[" + index + "]: null"));
    }
    return List.copyOf(copy);
  }

  /** What kind of JSON value a node is, for messages (never its content). */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
