package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00Z");
  private static final Principal PRINCIPAL = Principal.of("justice", "notes", "summarise");

  @Test
  void create_keyHasStewardFormat() {
    NewApiKey key = ApiKeys.create(PRINCIPAL, "label", "alice", T0);

    assertThat(key.plaintext()).matches("stw_[A-Za-z0-9_-]{43}").hasSize(ApiKeys.LENGTH);
    assertThat(ApiKeys.isWellFormed(key.plaintext())).isTrue();
    assertThat(key.record().id()).matches("key_[a-z2-7]{12}");
    assertThat(key.record().prefix()).isEqualTo(key.plaintext().substring(4, 12));
    assertThat(key.record().display()).isEqualTo("stw_" + key.record().prefix() + "…");
    assertThat(key.record().principal()).isEqualTo(PRINCIPAL);
    assertThat(key.record().label()).isEqualTo("label");
    assertThat(key.record().createdBy()).isEqualTo("alice");
    assertThat(key.record().createdAt()).isEqualTo(T0);
    assertThat(key.record().revoked()).isFalse();
  }

  @Test
  void create_manyKeys_allKeysIdsAndHashesDistinct() {
    int count = 2_000;
    Set<String> plaintexts = new HashSet<>();
    Set<String> ids = new HashSet<>();
    Set<KeyHash> hashes = new HashSet<>();
    for (int i = 0; i < count; i++) {
      NewApiKey key = ApiKeys.create(PRINCIPAL, "", null, T0);
      plaintexts.add(key.plaintext());
      ids.add(key.record().id());
      hashes.add(key.record().hash());
    }

    assertThat(plaintexts).hasSize(count);
    assertThat(ids).hasSize(count);
    assertThat(hashes).hasSize(count);
  }

  @Test
  void create_keysUseTheWholeAlphabet() {
    // 32 random bytes per key: over 200 keys every base64url character shows up somewhere.
    Set<Character> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ApiKeys.create(PRINCIPAL, "", null, T0)
          .plaintext()
          .substring(4)
          .chars()
          .forEach(c -> seen.add((char) c));
    }

    assertThat(seen).hasSize(64);
  }

  @Test
  void hash_isSha256OfTheWholeKey() {
    // FIPS 180-2 test vector: SHA-256("abc").
    assertThat(ApiKeys.hash("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void matches_sameKey_true_otherKey_false() {
    NewApiKey key = ApiKeys.create(PRINCIPAL, "", null, T0);
    NewApiKey other = ApiKeys.create(PRINCIPAL, "", null, T0);

    assertThat(ApiKeys.matches(key.plaintext(), key.record().hash())).isTrue();
    assertThat(ApiKeys.matches(other.plaintext(), key.record().hash())).isFalse();
    assertThat(ApiKeys.matches("", key.record().hash())).isFalse();
  }

  @Test
  void keyHash_differingInFirstOrLastByte_doesNotMatch() {
    byte[] bytes = ApiKeys.hash("stw_x").bytes();
    KeyHash hash = KeyHash.of(bytes);
    byte[] first = bytes.clone();
    first[0] ^= 1;
    byte[] last = bytes.clone();
    last[31] ^= (byte) 0x80;

    assertThat(hash.matches(KeyHash.of(bytes))).isTrue();
    assertThat(hash).isEqualTo(KeyHash.of(bytes)).hasSameHashCodeAs(KeyHash.of(bytes));
    assertThat(hash.matches(KeyHash.of(first))).isFalse();
    assertThat(hash.matches(KeyHash.of(last))).isFalse();
    assertThat(KeyHash.ofHex(hash.hex())).isEqualTo(hash);
  }

  /**
   * Timing cannot be asserted reliably on a shared machine, so this guards the implementation
   * instead: hash comparison must go through {@code MessageDigest.isEqual} (constant time for equal
   * lengths), never an early-exit comparison such as {@code Arrays.equals}.
   */
  @Test
  void hashComparison_usesConstantTimeMessageDigestIsEqual() throws IOException {
    Path sources = Path.of("src/main/java/dev/steward/store");
    String keyHash = Files.readString(sources.resolve("KeyHash.java"));
    String apiKeys = Files.readString(sources.resolve("ApiKeys.java"));

    assertThat(keyHash)
        .contains("return MessageDigest.isEqual(bytes, other.bytes);")
        .contains("return o instanceof KeyHash other && matches(other);")
        .doesNotContain("Arrays.equals");
    assertThat(apiKeys)
        .contains("return hash(key).matches(expected);")
        .doesNotContain("Arrays.equals");
  }

  @Test
  void toString_neverShowsThePlaintextOrTheWholeHash() {
    NewApiKey key = ApiKeys.create(PRINCIPAL, "label", "alice", T0);
    String secretPart = key.plaintext().substring(12);

    assertThat(key.toString())
        .doesNotContain(key.plaintext())
        .doesNotContain(secretPart)
        .contains("plaintext=(hidden)")
        .contains(key.record().id());
    assertThat(key.record().toString())
        .doesNotContain(secretPart)
        .doesNotContain(key.record().hash().hex());
    assertThat(key.record().hash().toString()).hasSize("sha256:".length() + 9);
  }

  @Test
  void isWellFormed_rejectsWrongPrefixLengthOrAlphabet() {
    String good = ApiKeys.create(PRINCIPAL, "", null, T0).plaintext();

    assertThat(ApiKeys.isWellFormed("sk_" + good.substring(3))).isFalse();
    assertThat(ApiKeys.isWellFormed(good + "A")).isFalse();
    assertThat(ApiKeys.isWellFormed(good.substring(0, 46))).isFalse();
    assertThat(ApiKeys.isWellFormed(good.substring(0, 46) + "+")).isFalse();
    assertThat(ApiKeys.isWellFormed("")).isFalse();
  }

  @Test
  void displayPrefix_ofGarbage_rejectsWithoutEchoingIt() {
    assertThatThrownBy(() -> ApiKeys.displayPrefix("not-a-key-but-a-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }

  @Test
  void newApiKey_plaintextNotMatchingRecord_rejects() {
    NewApiKey key = ApiKeys.create(PRINCIPAL, "", null, T0);
    NewApiKey other = ApiKeys.create(PRINCIPAL, "", null, T0);

    assertThatThrownBy(() -> new NewApiKey(key.record(), other.plaintext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(other.plaintext());
  }

  @Test
  void keyHash_ofWrongLength_rejects() {
    assertThatThrownBy(() -> KeyHash.of(new byte[31]))
        .hasMessage("sha256: 31 bytes (expected: 32)");
    assertThatThrownBy(() -> KeyHash.ofHex("zz".repeat(32)))
        .hasMessage("hex: not hexadecimal (expected: 64 hex digits)");
  }
}
