package dev.steward.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommitmentTest {
  private static final byte[] COUNTING_SALT = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      COUNTING_SALT[i] = (byte) i;
    }
  }

  @Test
  void of_isSha256OfSaltThenContent_asSha256sumComputesIt() {
    // python3 -c "import hashlib; print(hashlib.sha256(bytes(32) + b'hello').hexdigest())"
    assertThat(Commitment.of(new byte[32], "hello".getBytes(StandardCharsets.UTF_8)).hex())
        .isEqualTo("a41de667c15557cbd8acdd71ef0fef5dc73561374baed8330f8adb0e1424cd62");
    assertThat(
            Commitment.of(COUNTING_SALT, "{\"model\":\"demo\"}".getBytes(StandardCharsets.UTF_8))
                .hex())
        .isEqualTo("e84b302a4e7ed81112e911ae82d2b451a81f54509c067735e785b634b1678da1");
  }

  @Test
  void incrementalUpdates_commitToTheConcatenation() {
    byte[] whole = "data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8);
    Commitment c = Commitment.start(COUNTING_SALT);
    c.update(whole, 0, 11);
    c.update(ByteBuffer.wrap(whole, 11, whole.length - 11));
    assertThat(c.finish()).isEqualTo(Commitment.of(COUNTING_SALT, whole));
  }

  @Test
  void matches_onlyTheSameContentUnderTheSameSalt() {
    byte[] content = "prompt".getBytes(StandardCharsets.UTF_8);
    var commitment = Commitment.of(COUNTING_SALT, content);
    assertThat(Commitment.matches(commitment, COUNTING_SALT, content)).isTrue();
    assertThat(Commitment.matches(commitment, new byte[32], content)).isFalse();
    assertThat(
            Commitment.matches(
                commitment, COUNTING_SALT, "prompt!".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void newSalt_isFreshEachTime() {
    assertThat(Commitment.newSalt()).hasSize(32).isNotEqualTo(Commitment.newSalt());
  }

  @Test
  void salt_roundTripsAsCanonicalBase64_andRejectsOtherForms() {
    String encoded = Commitment.encodeSalt(COUNTING_SALT);
    assertThat(encoded).hasSize(44);
    assertThat(Commitment.decodeSalt(encoded)).isEqualTo(COUNTING_SALT);
    assertThatThrownBy(() -> Commitment.decodeSalt("AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Commitment.decodeSalt("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Commitment.start(new byte[16]))
        .hasMessage("salt: 16 bytes (expected: 32)");
  }
}
