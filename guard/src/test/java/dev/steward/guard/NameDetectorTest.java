package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
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
        "I live at 14 Acacia Avenue, Leeds.|14 Acacia Avenue, Leeds|LOCATION",
        "I live at 14 Acacia Avenue, LS1 4AB.|14 Acacia Avenue|LOCATION",
        "Thanks, Mark|Mark|PERSON",
        "Hi Kieran, the minutes are attached.|Kieran|PERSON",
        "my name is kelly ward and my bins were not collected|kelly ward|PERSON",
        "Name: MAGDALENA KOWALCZYK|MAGDALENA KOWALCZYK|PERSON",
        "The physio (Carys Howells) suggested a frame.|Carys Howells|PERSON",
        "The surgeon, Mr Karthik Raghavan, will operate.|Mr Karthik Raghavan|PERSON",
        "Wang Jun will lead the team.|Wang Jun|PERSON",
        "Youssef El Amrani lodged an appeal.|Youssef El Amrani|PERSON",
        "Piotr Zieliński came to the drop-in.|Piotr Zieliński|PERSON",
        "Émile Dubois called.|Émile Dubois|PERSON",
        "Visit to Flat 8, 19 Castle Street, Carlisle CA3 8SY.|Flat 8, 19 Castle Street, Carlisle|LOCATION",
        "Deliver to High Ash Farm, Moor Road, Haworth.|High Ash Farm, Moor Road, Haworth|LOCATION",
        "The consulate is at Friedrichstraße 44, 10117 Berlin.|Friedrichstraße 44, 10117 Berlin|LOCATION",
        "Send it to Calle Mayor 12, 28013 Madrid, Spain.|Calle Mayor 12, 28013 Madrid|LOCATION",
        "i rent at flat 6, 40 park avenue, hull|flat 6, 40 park avenue, hull|LOCATION",
        "Send refunds to PO Box 77, Leeds LS1 1AA.|PO Box 77, Leeds|LOCATION",
        "Send it to 221B Baker Street please.|221B Baker Street|LOCATION",
        "Our office is at 3 Upper Mill Close.|3 Upper Mill Close|LOCATION"
      })
  void finds(String text, String expected, String type) {
    List<Finding> found = scanner.scan(text).stream().filter(f -> f.type().equals(type)).toList();
    assertThat(found).as(text).hasSize(1);
    Finding f = found.get(0);
    assertThat(text.substring(f.start(), f.end())).isEqualTo(expected);
  }

  @Test
  void signOffOnTheNextLine() {
    String text = "Kind regards,\nOrla Fitzpatrick\nPlanning";
    assertThat(scanner.scan(text))
        .containsExactly(new Finding("PERSON", 14, 30, NameDetector.CUED));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Will you call back?",
        "May I ask about the grace period?",
        "The Victoria Station entrance is closed.",
        "Mark the box if you agree.",
        "Grace periods apply to late payments.",
        "The Paul Hamlyn Foundation funds the arts.",
        "Victoria Park hosts a festival.",
        "Dear Sir or Madam,",
        "We drove 200 miles to Glasgow.",
        "Junction 14 of the M1 is closed.",
        "People living on Station Road say the speed bumps are too high.",
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
