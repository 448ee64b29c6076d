package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.PolicyVersionStorage.PolicyVersion;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyVersionTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");

  @Test
  void new_copiesTheHashInAndOut_andEqualsByContent() {
    byte[] hash = StorageContract.bytes(32, 1);
    PolicyVersion policy = new PolicyVersion("v1", hash, T0, "serve");
    hash[0] = 99;
    policy.hash()[1] = 99;

    assertThat(policy.hash()).isEqualTo(StorageContract.bytes(32, 1));
    assertThat(policy.hasHash(StorageContract.bytes(32, 1))).isTrue();
    assertThat(policy.hasHash(hash)).isFalse();
    PolicyVersion same = new PolicyVersion("v1", StorageContract.bytes(32, 1), T0, "serve");
    assertThat(policy).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(policy).isNotEqualTo(new PolicyVersion("v1", hash, T0, "serve"));
    assertThat(policy.adoptedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(policy.toString())
        .isEqualTo(
            "PolicyVersion[version=v1, hash=0102030405060708090a0b0c0d0e0f10"
                + "1112131415161718191a1b1c1d1e1f20, adoptedAt=2025-11-26T09:00:00.123456Z,"
                + " via=serve]");
  }

  @Test
  void new_hashNot32Bytes_rejects() {
    assertThatThrownBy(() -> new PolicyVersion("v1", new byte[31], T0, "serve"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hash: 31 bytes (expected: 32)");
  }
}
