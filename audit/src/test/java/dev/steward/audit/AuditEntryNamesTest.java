package dev.steward.audit;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The per-character checks agree with the documented patterns on every string. */
class AuditEntryNamesTest {

  @Property(tries = 3000)
  void isName_agreesWithThePattern(@ForAll("texts") String value) {
    assertThat(AuditEntry.isName(value)).isEqualTo(AuditEntry.NAME.matcher(value).matches());
  }

  @Property(tries = 3000)
  void isCode_agreesWithThePattern(@ForAll("texts") String value) {
    assertThat(AuditEntry.isCode(value)).isEqualTo(AuditEntry.CODE.matcher(value).matches());
  }

  @Provide
  Arbitrary<String> texts() {
    // Mostly the characters at the patterns' edges, so both answers come up often.
    Arbitrary<String> edgy =
        Arbitraries.strings()
            .withChars("az09_.-\"! ~\u007f\u00e9AZ/")
            .ofMinLength(0)
            .ofMaxLength(70);
    Arbitrary<String> codes =
        Arbitraries.strings().withChars("abcxyz019_.-").ofMinLength(60).ofMaxLength(66);
    return Arbitraries.oneOf(edgy, codes, Arbitraries.strings().ofMaxLength(20));
  }
}
