package dev.steward.sandbox;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Plausible values for a property, chosen from its name: a {@code city} is "London", an {@code age}
 * is 42. Only a first guess: {@link SchemaValues} checks every guess against the schema and falls
 * back to neutral values.
 */
final class Plausible {
  private Plausible() {}

  private record Guess(Set<String> words, String text) {}

  private record NumberGuess(Set<String> words, String integer, String decimal) {}

  private static final List<Guess> STRINGS =
      List.of(
          new Guess(Set.of("country_code", "countrycode"), "GB"),
          new Guess(Set.of("currency"), "GBP"),
          new Guess(Set.of("language", "lang", "locale"), "en-GB"),
          new Guess(Set.of("city", "town"), "London"),
          new Guess(Set.of("country", "nation"), "United Kingdom"),
          new Guess(Set.of("location", "place", "destination", "origin"), "London, UK"),
          new Guess(Set.of("postcode", "zip", "postal_code", "zipcode"), "SW1A 2AA"),
          new Guess(Set.of("address", "street"), "10 Downing Street, London"),
          new Guess(Set.of("email", "mail"), "sandbox@example.org"),
          new Guess(
              Set.of("url", "uri", "link", "website", "homepage", "href"),
              "https://example.org/sandbox"),
          new Guess(Set.of("phone", "telephone", "mobile"), "+44 20 7946 0000"),
          new Guess(Set.of("first_name", "firstname", "given_name"), "Alex"),
          new Guess(Set.of("last_name", "lastname", "surname", "family_name"), "Smith"),
          new Guess(Set.of("file_name", "filename", "file", "path"), "report.txt"),
          new Guess(
              Set.of("username", "user", "author", "owner", "name", "full_name"), "Alex Smith"),
          new Guess(Set.of("timezone", "tz", "time_zone"), "Europe/London"),
          new Guess(Set.of("unit", "units"), "celsius"),
          new Guess(Set.of("date", "day", "birthday", "dob"), "2024-05-01"),
          new Guess(Set.of("time"), "12:00"),
          new Guess(
              Set.of("timestamp", "datetime", "created_at", "updated_at"), "2024-05-01T12:00:00Z"),
          new Guess(Set.of("colour", "color"), "blue"),
          new Guess(Set.of("status", "state"), "ok"),
          new Guess(Set.of("category", "type", "kind"), "general"),
          new Guess(Set.of("tag", "tags", "label", "labels", "keyword", "keywords"), "sandbox"),
          new Guess(
              Set.of("department", "organisation", "organization", "company"),
              "Department for Sandboxes"),
          new Guess(Set.of("title", "subject", "heading"), "Sandbox title"),
          new Guess(Set.of("query", "q", "search", "question", "prompt"), "sandbox query"),
          new Guess(Set.of("id", "identifier", "key", "reference", "ref", "code"), "sbx-1"),
          new Guess(Set.of("reason", "explanation", "rationale"), "A reason given by the sandbox."),
          new Guess(
              Set.of("description", "summary", "details", "note", "notes", "comment"),
              "A short summary written by the sandbox."),
          new Guess(
              Set.of(
                  "answer",
                  "response",
                  "reply",
                  "text",
                  "content",
                  "message",
                  "body",
                  "output",
                  "result"),
              "A sandbox answer."));

  private static final List<NumberGuess> NUMBERS =
      List.of(
          new NumberGuess(Set.of("lat", "latitude"), "51", "51.5074"),
          new NumberGuess(Set.of("lon", "lng", "long", "longitude"), "0", "-0.1278"),
          new NumberGuess(Set.of("age"), "42", "42"),
          new NumberGuess(Set.of("year"), "2024", "2024"),
          new NumberGuess(Set.of("month"), "5", "5"),
          new NumberGuess(Set.of("day"), "1", "1"),
          new NumberGuess(Set.of("hour", "hours"), "12", "12"),
          new NumberGuess(Set.of("minute", "minutes", "second", "seconds"), "30", "30"),
          new NumberGuess(Set.of("port"), "8080", "8080"),
          new NumberGuess(Set.of("page"), "1", "1"),
          new NumberGuess(
              Set.of("limit", "size", "page_size", "max_results", "top_k", "k"), "10", "10"),
          new NumberGuess(Set.of("percent", "percentage"), "50", "50.5"),
          new NumberGuess(Set.of("rating", "stars"), "4", "4.5"),
          new NumberGuess(Set.of("score", "confidence", "probability", "weight"), "1", "0.9"),
          new NumberGuess(Set.of("temperature", "temp"), "18", "18.5"),
          new NumberGuess(
              Set.of("price", "amount", "cost", "total", "balance", "salary"), "10", "9.99"),
          new NumberGuess(Set.of("count", "quantity", "number", "num", "n", "items"), "3", "3"),
          new NumberGuess(Set.of("id", "index", "position"), "1", "1"));

  /** A plausible string for a property name, or null when the name says nothing. */
  static @Nullable String string(String name) {
    String key = normalize(name);
    if (key.isEmpty()) {
      return null;
    }
    for (Guess g : STRINGS) {
      if (g.words.contains(key)) {
        return g.text;
      }
    }
    String last = lastWord(key);
    for (Guess g : STRINGS) {
      if (g.words.contains(last)) {
        return g.text;
      }
    }
    return null;
  }

  /** A plausible number for a property name, or a neutral default. */
  static BigDecimal number(String name, boolean integer) {
    String key = normalize(name);
    String last = lastWord(key);
    for (String k : List.of(key, last)) {
      for (NumberGuess n : NUMBERS) {
        if (n.words.contains(k)) {
          return new BigDecimal(integer ? n.integer : n.decimal);
        }
      }
    }
    return integer ? BigDecimal.valueOf(42) : new BigDecimal("3.5");
  }

  /** Whether a name reads like a yes/no question ({@code is_active}, {@code enabled}). */
  static boolean soundsBoolean(String name) {
    String key = normalize(name);
    return key.startsWith("is_")
        || key.startsWith("has_")
        || key.startsWith("can_")
        || key.startsWith("should_")
        || key.startsWith("include_")
        || key.endsWith("enabled")
        || key.endsWith("flag");
  }

  /** Whether a name reads like a count or measure. */
  static boolean soundsNumeric(String name) {
    String key = normalize(name);
    String last = lastWord(key);
    for (NumberGuess n : NUMBERS) {
      if (n.words.contains(key) || n.words.contains(last)) {
        return !n.words.contains("id") && !n.words.contains("day");
      }
    }
    return false;
  }

  /** {@code cityName}, {@code city-name} and {@code City Name} all become {@code city_name}. */
  static String normalize(String name) {
    String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    return snake.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
  }

  private static String lastWord(String key) {
    int i = key.lastIndexOf('_');
    return i < 0 ? key : key.substring(i + 1);
  }
}
