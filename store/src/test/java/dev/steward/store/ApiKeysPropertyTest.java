package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ApiKeysPropertyTest {

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofSize(32)
        .map(secret -> "stw_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  @Provide
  Arbitrary<Character> replacements() {
    return Arbitraries.chars().range((char) 0x20, (char) 0x7e).with('é', '\u0000', 'ß');
  }

  @Property(tries = 500)
  void hash_ofAnyKey_matchesIt(@ForAll("keys") String key) {
    assertThat(ApiKeys.isWellFormed(key)).isTrue();
    assertThat(ApiKeys.matches(key, ApiKeys.hash(key))).isTrue();
  }

  @Property(tries = 1000)
  void hash_ofAnyKey_doesNotMatchAnyOneCharacterChange(
      @ForAll("keys") String key,
      @ForAll @IntRange(min = 0, max = ApiKeys.LENGTH - 1) int position,
      @ForAll("replacements") char replacement) {
    String changed = key.substring(0, position) + replacement + key.substring(position + 1);
    if (changed.equals(key)) {
      changed = key.substring(0, position) + (char) (replacement + 1) + key.substring(position + 1);
    }

    assertThat(ApiKeys.matches(changed, ApiKeys.hash(key))).isFalse();
    assertThat(ApiKeys.hash(changed)).isNotEqualTo(ApiKeys.hash(key));
  }
}
