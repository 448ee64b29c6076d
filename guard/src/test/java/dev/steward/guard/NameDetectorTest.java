package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the name and address heuristics find, and the common look-alikes they leave alone. */
class NameDetectorTest {
  private final PersonalDataScanner scanner = PersonalDataScanner.create();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Please write to Mrs Okonkwo today.|Mrs Okonkwo|PERSON",
        "Dr. Amara Nwosu-Bell called.|Dr. Amara Nwosu-Bell|PERSON",
        "Sarah O'Brien wrote in.|Sarah O'Brien|PERSON",
        "My name is Priya Raman.|Priya Raman|PERSON",
        "Mary Ann Smith is the tenant.|Mary Ann Smith|PERSON",
        "I live at 14 Acacia Avenue, Leeds.|14 Acacia Avenue|LOCATION",
        "Send it to 221B Baker Street please.|221B Baker Street|LOCATION",
        "Our office is at 3 Upper Mill Close.|3 Upper Mill Close|LOCATION"
      })
  void finds(String text, String expected, String type) {
    List<Finding> found = scanner.scan(text);
    assertThat(found).hasSize(1);
    Finding f = found.get(0);
    assertThat(f.type()).isEqualTo(type);
    assertThat(text.substring(f.start(), f.end())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Will you call back?",
        "May I ask about the grace period?",
        "The Victoria Station entrance is closed.",
        "Thanks, Mark",
        "We received 42 Applications in March.",
        "In 2025 New Street station reopened.",
        "Paul Street Surgery is open.",
        "NHS England and HMRC wrote.",
        "JOHN SMITH"
      })
  void leavesAlone(String text) {
    assertThat(scanner.scan(text)).isEmpty();
  }
}
