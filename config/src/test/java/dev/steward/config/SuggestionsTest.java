package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  static final List<String> KEYS = List.of("protocol", "base-uri", "api-key", "max-classification");

  @Test
  void closest_typo_suggestsTheKey() {
    assertThat(Suggestions.closest("protocl", KEYS)).isEqualTo("protocol");
    assertThat(Suggestions.closest("max-clasification", KEYS)).isEqualTo("max-classification");
  }

  @Test
  void closest_otherSpellingsOfTheSameName_suggestTheKebabCase() {
    assertThat(Suggestions.closest("base_uri", KEYS)).isEqualTo("base-uri");
    assertThat(Suggestions.closest("baseUri", KEYS)).isEqualTo("base-uri");
    assertThat(Suggestions.closest("API_KEY", KEYS)).isEqualTo("api-key");
  }

  @Test
  void closest_unrelatedName_suggestsNothing() {
    assertThat(Suggestions.closest("colour", KEYS)).isNull();
    assertThat(Suggestions.closest("key", KEYS)).isNull();
  }

  @Test
  void distance_isLevenshtein() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
