package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerRowTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");
  private static final Principal P = Principal.of("justice", "notes", "summarise");

  @Test
  void new_normalisesTimeToMicrosAndCostToTenPlaces() {
    LedgerRow row = StorageContract.row("r", T0, P, "0.1");

    assertThat(row.at()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(row.costGbp()).isEqualTo(new BigDecimal("0.1000000000"));
    assertThat(StorageContract.row("r", T0, P, "0.100")).isEqualTo(row);
  }

  @Test
  void new_unknownApi_rejectsNamingValueAndExpectation() {
    assertThatThrownBy(() -> withApi("gemini"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("api: \"gemini\" (expected: openai|anthropic)");
  }

  @Test
  void new_negativeTokensOrCost_reject() {
    assertThatThrownBy(() -> StorageContract.row("r", T0, P, "-0.01"))
        .hasMessage("costGbp: -0.01 (expected: >= 0)");
  }

  @Test
  void principal_blankPart_rejects() {
    assertThatThrownBy(() -> Principal.of("justice", " ", "x"))
        .hasMessage("service: \" \" (expected: 1..100 characters, not blank)");
  }

  @Test
  void new_withoutAudit_hasNone_andWithAuditSetsOnlyIt() {
    LedgerRow row = withApi("openai");
    LedgerRow.Audit audit = new LedgerRow.Audit(3, null, StorageContract.SALT);

    assertThat(row.audit()).isNull();
    assertThat(row.withAudit(audit).audit()).isEqualTo(audit);
    assertThat(row.withAudit(audit).withAudit(null)).isEqualTo(row);
  }

  @Test
  void new_redactionsNotInTheLedgerFormat_rejectNamingTheFormat() {
    LedgerRow row = withApi("openai");
    for (String bad :
        List.of(
            "mask:EMAIL_ADDRESS",
            "mask:EMAIL_ADDRESS=0",
            "mask:EMAIL_ADDRESS=2,",
            "mask:email=1",
            "mask:EMAIL_ADDRESS=1;redact:UK_NINO=1",
            "alice@example.org",
            "mask:PERSON=1,".repeat(200) + "mask:PERSON=1")) {
      assertThatThrownBy(() -> row.withPoolAndRedactions(null, bad))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(expected: up to 2000 characters of action:REASON=count entries");
    }
  }

  @Test
  void new_redactionsAndPoolTime_inTheLedgerFormat_accepted() {
    LedgerRow row =
        withApi("openai")
            .withPoolAndRedactions(
                1_500L, "mask:EMAIL_ADDRESS=2,strip:INJECTION=1,output.redact:UK_NINO=12");

    assertThat(row.poolMicros()).isEqualTo(1_500L);
    assertThat(row.withPoolAndRedactions(null, "").redactions()).isEmpty();
    assertThatThrownBy(() -> row.withPoolAndRedactions(-1L, ""))
        .hasMessage("poolMicros: -1 (expected: >= 0)");
  }

  @Test
  void audit_negativeIndex_rejects() {
    assertThatThrownBy(() -> new LedgerRow.Audit(-1, null, StorageContract.SALT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("requestIndex: -1 (expected: >= 0)");
    assertThatThrownBy(() -> new LedgerRow.Audit(0, -2L, StorageContract.SALT))
        .hasMessage("completionIndex: -2 (expected: >= 0)");
  }

  @Test
  void audit_saltNotCanonicalBase64Of32Bytes_rejectsWithoutEchoingIt() {
    String salt = StorageContract.SALT; // 43 characters and '='
    String last = salt.substring(0, 42);
    List<String> bad =
        List.of(
            "",
            salt.substring(0, 43), // unpadded
            salt + "=", // 45
            Base64.getEncoder().encodeToString(new byte[33]), // 44 characters, 33 bytes
            Base64.getEncoder().encodeToString(new byte[31]), // 44 characters, 31 bytes
            last + "B=", // the last character's spare bits set: decodes, but not canonical
            "-" + salt.substring(1), // base64url alphabet
            last + "A ");

    for (String salt2 : bad) {
      assertThatThrownBy(() -> new LedgerRow.Audit(0, null, salt2))
          .as("%s", salt2)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "salt: "
                  + salt2.length()
                  + " characters, not a salt (expected: canonical base64 of 32 bytes, 44"
                  + " characters)");
    }
    assertThat(new LedgerRow.Audit(0, 1L, last + "A=").salt()).isEqualTo(last + "A=");
  }

  private static LedgerRow withApi(String api) {
    return new LedgerRow(
        "r",
        T0,
        P,
        api,
        "chat",
        "m",
        null,
        null,
        "ok",
        200,
        1,
        1,
        0,
        BigDecimal.ONE,
        1,
        null,
        false,
        1,
        null,
        null);
  }
}
