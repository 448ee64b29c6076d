package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatStream;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.guard.PersonalDataType;
import dev.steward.guard.Redaction;
import dev.steward.guard.Redactor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GuardedStreamTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();

  private static PersonalDataAction output(PersonalDataType t) {
    return switch (t) {
      case UK_NHS -> PersonalDataAction.REDACT;
      case EMAIL_ADDRESS -> PersonalDataAction.MASK;
      case IBAN_CODE -> PersonalDataAction.BLOCK;
      default -> PersonalDataAction.ALLOW;
    };
  }

  /** The text as {@code chunk}-char deltas of choice 0 (and of choice 1 when {@code second}). */
  private static AsyncChatStream upstream(String text, int chunk, @Nullable String second) {
    Deque<StreamEvent> events = new ArrayDeque<>();
    events.add(new StreamEvent.Started("c1", "m", 1));
    for (int p = 0; p < text.length(); p += chunk) {
      events.add(
          new StreamEvent.TextDelta(0, text.substring(p, Math.min(text.length(), p + chunk))));
    }
    if (second != null) {
      events.add(new StreamEvent.TextDelta(1, second));
    }
    events.add(new StreamEvent.Finished(0, StopReason.END_TURN, null));
    ChatStream blocking =
        new ChatStream() {
          @Override
          public @Nullable StreamEvent next() {
            return events.poll();
          }

          @Override
          public void close() {}
        };
    return AsyncChatStream.of(blocking, Runnable::run);
  }

  private static GuardedStream guarded(AsyncChatStream inner, List<GuardReport> reports) {
    return new GuardedStream(
        inner,
        SCANNER,
        Redactor.create(GuardedStreamTest::output),
        Redactor.create(t -> PersonalDataAction.ALLOW),
        null,
        reports::add);
  }

  /** Reads the stream to its end, returning the text of choice 0. */
  private static String drain(GuardedStream s) {
    StringBuilder out = new StringBuilder();
    for (StreamEvent e = next(s); e != null; e = next(s)) {
      if (e instanceof StreamEvent.TextDelta d && d.choice() == 0) {
        out.append(d.text());
      }
    }
    return out.toString();
  }

  private static @Nullable StreamEvent next(GuardedStream s) {
    return Futures.<@Nullable StreamEvent>join(s.next());
  }

  /** What the complete-answer path counts for the same text. */
  private static Map<GuardReport.Key, Integer> completeAnswerCounts(String... texts) {
    GuardReport.Tally tally = new GuardReport.Tally();
    Redactor output = Redactor.create(GuardedStreamTest::output);
    for (String t : texts) {
      Redaction r = output.apply(t, SCANNER.scan(t));
      tally.add(r.applied());
    }
    return tally.counts();
  }

  @Test
  void findingsAcrossChunks_areCountedAsTheCompleteAnswerCountsThem() {
    String text =
        "Your NHS number is 450 557 7104; write to jo.bloggs@example.org or "
            + "ann@example.org. "
            + "Then some more words to pass the window. ".repeat(10);
    String second = "Choice two: NHS number 485 777 3457.";
    List<GuardReport> reports = new ArrayList<>();

    String out = drain(guarded(upstream(text, 3, second), reports));

    assertThat(out).contains("[UK_NHS]").doesNotContain("450 557").doesNotContain("jo.bloggs");
    assertThat(reports).isNotEmpty();
    GuardReport last = reports.getLast();
    assertThat(last.personalData())
        .as("every choice together, by type and action")
        .isEqualTo(completeAnswerCounts(text, second))
        .containsEntry(new GuardReport.Key(PersonalDataType.UK_NHS, PersonalDataAction.REDACT), 2)
        .containsEntry(
            new GuardReport.Key(PersonalDataType.EMAIL_ADDRESS, PersonalDataAction.MASK), 2);
    assertThat(GuardReport.ledgerText(GuardReport.NONE, last))
        .isEqualTo("output.mask:EMAIL_ADDRESS=2,output.redact:UK_NHS=2");
  }

  @Test
  void block_cutsTheStream_andTheCountsSoFarIncludeTheBlockOnce() {
    String text =
        "Write to jo.bloggs@example.org. Pay into GB82 WEST 1234 5698 7654 32 by Friday, "
            + "and GB33 BUKB 2020 1555 5555 55 after. "
            + "More words. ".repeat(30);
    List<GuardReport> reports = new ArrayList<>();
    GuardedStream s = guarded(upstream(text, 4, null), reports);

    assertThatThrownBy(() -> drain(s))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.GUARD_OUTPUT_PERSONAL_DATA));

    TreeMap<GuardReport.Key, Integer> expected = new TreeMap<>();
    expected.put(new GuardReport.Key(PersonalDataType.EMAIL_ADDRESS, PersonalDataAction.MASK), 1);
    expected.put(new GuardReport.Key(PersonalDataType.IBAN_CODE, PersonalDataAction.BLOCK), 1);
    assertThat(reports).isNotEmpty();
    assertThat(reports.getLast().personalData())
        .as("reported before the refusal reached the caller; nothing after the block")
        .isEqualTo(expected);
    assertThat(GuardReport.ledgerText(GuardReport.NONE, reports.getLast()))
        .isEqualTo("output.mask:EMAIL_ADDRESS=1,output.block:IBAN_CODE=1");
  }

  @Test
  void nothingFound_reportsNothing() {
    List<GuardReport> reports = new ArrayList<>();
    String text = "Nothing personal here at all. ".repeat(20);

    assertThat(drain(guarded(upstream(text, 5, null), reports))).isEqualTo(text);
    assertThat(reports).isEmpty();
  }
}
