package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import dev.steward.store.LedgerRow;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GuardReportTest {
  private static GuardReport.Key key(PersonalDataType type, PersonalDataAction action) {
    return new GuardReport.Key(type, action);
  }

  @Test
  void ledgerText_inputThenInjectionThenOutput_allowedLeftOut() {
    TreeMap<GuardReport.Key, Integer> in = new TreeMap<>();
    in.put(key(PersonalDataType.UK_NINO, PersonalDataAction.REDACT), 1);
    in.put(key(PersonalDataType.EMAIL_ADDRESS, PersonalDataAction.MASK), 2);
    in.put(key(PersonalDataType.PERSON, PersonalDataAction.ALLOW), 4);
    TreeMap<GuardReport.Key, Integer> out = new TreeMap<>();
    out.put(key(PersonalDataType.PHONE_NUMBER, PersonalDataAction.MASK), 1);

    String text =
        GuardReport.ledgerText(
            new GuardReport(in, true, 0.97, true, "strip"), GuardReport.personalData(out));

    assertThat(text)
        .isEqualTo(
            "mask:EMAIL_ADDRESS=2,redact:UK_NINO=1,strip:INJECTION=1,output.mask:PHONE_NUMBER=1");
  }

  @Test
  void ledgerText_injectionCheckedButNotFlagged_orNothingDone_isEmpty() {
    assertThat(GuardReport.ledgerText(GuardReport.NONE, null)).isEmpty();
    assertThat(
            GuardReport.ledgerText(
                new GuardReport(new TreeMap<>(), true, 0.2, false, "none"), null))
        .isEmpty();
    assertThat(
            GuardReport.ledgerText(
                new GuardReport(new TreeMap<>(), true, 0.99, true, "flag"), null))
        .isEqualTo("flag:INJECTION=1");
  }

  @Test
  void ledgerText_isAlwaysAValidLedgerValue() {
    TreeMap<GuardReport.Key, Integer> all = new TreeMap<>();
    for (PersonalDataType t : PersonalDataType.values()) {
      for (PersonalDataAction a : PersonalDataAction.values()) {
        all.put(key(t, a), Integer.MAX_VALUE);
      }
    }
    GuardReport report = new GuardReport(all, true, 1, true, "block");

    String text = GuardReport.ledgerText(report, report);

    assertThat(text.length()).isLessThanOrEqualTo(LedgerRow.MAX_REDACTIONS_LENGTH);
    assertThat(text).startsWith("block:CREDIT_CARD=2147483647,");
    // The ledger row accepts it.
    assertThat(LedgerRows.row("r").withPoolAndRedactions(null, text).redactions()).isEqualTo(text);
  }
}
