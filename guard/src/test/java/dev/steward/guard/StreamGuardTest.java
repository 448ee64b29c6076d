package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamGuardTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();

  private static StreamGuard guard(PersonalDataAction action) {
    return new StreamGuard(SCANNER, Redactor.create(t -> action));
  }

  private static String feed(StreamGuard g, String text, int chunk) {
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < text.length(); p += chunk) {
      out.append(g.accept(text.substring(p, Math.min(text.length(), p + chunk))));
    }
    return out.append(g.finish()).toString();
  }

  @Test
  void holdsBackAtMostTheWindowPlusOneScanStep() {
    StreamGuard g = guard(PersonalDataAction.REDACT);
    String prose = "The bins were not collected this week again, so I am writing. ".repeat(40);
    int fed = 0;
    int out = 0;
    for (int p = 0; p < prose.length(); p += 7) {
      String delta = prose.substring(p, Math.min(prose.length(), p + 7));
      fed += delta.length();
      out += g.accept(delta).length();
      assertThat(fed - out).isLessThanOrEqualTo(StreamGuard.DEFAULT_WINDOW + StreamGuard.SCAN_STEP);
    }
    assertThat(out + g.finish().length()).isEqualTo(prose.length());
  }

  @Test
  void identifierCutAcrossDeltas_isRedactedWhole() {
    StreamGuard g = guard(PersonalDataAction.REDACT);
    String out = feed(g, "Your NHS number is 485 777 3457 and your NI number is AB 12 34 56 C.", 1);
    assertThat(out).isEqualTo("Your NHS number is [UK_NHS] and your NI number is [UK_NINO].");
    assertThat(g.applied())
        .containsExactly(
            new Applied(PersonalDataType.UK_NHS, PersonalDataAction.REDACT, 19, 31),
            new Applied(PersonalDataType.UK_NINO, PersonalDataAction.REDACT, 54, 67));
  }

  @Test
  void contextAfterTheCandidate_isWaitedFor() {
    // A bare NHS number scores 0.30; "NHS number" after it raises it above the threshold.
    String filler = "x ".repeat(200);
    String text = filler + "4857773457 is my NHS number. " + filler;
    StreamGuard g = guard(PersonalDataAction.REDACT);
    assertThat(feed(g, text, 3)).contains("[UK_NHS] is my NHS number").doesNotContain("4857");
  }

  @Test
  void contextAlreadyReleased_stillCounts() {
    // A passport number is reported only beside "passport". Here the word is released while the
    // number, straddling the cut, is held back; the next scan must still see the word.
    String text = "My passport number is 123456789 and " + "more words ".repeat(20);
    StreamGuard g = new StreamGuard(SCANNER, Redactor.create(t -> PersonalDataAction.REDACT), 64);
    assertThat(g.accept(text.substring(0, 90))).isEqualTo("My passport number is ");
    assertThat(g.accept(text.substring(90)) + g.finish())
        .startsWith("[UK_PASSPORT] and more words");
  }

  @Test
  void block_releasesTheTextBeforeAndNothingAfter() {
    StreamGuard g =
        new StreamGuard(
            SCANNER,
            Redactor.create(
                t ->
                    t == PersonalDataType.CREDIT_CARD
                        ? PersonalDataAction.BLOCK
                        : PersonalDataAction.MASK));
    String text =
        "Hello. NI AB123456C. Your card 4111 1111 1111 1111 is ready. " + "more ".repeat(100);
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < text.length(); p += 5) {
      out.append(g.accept(text.substring(p, Math.min(text.length(), p + 5))));
    }
    assertThat(g.finish()).isEmpty();
    assertThat(out).hasToString("Hello. NI *****456C. Your card ");
    assertThat(g.blocked())
        .isEqualTo(new Applied(PersonalDataType.CREDIT_CARD, PersonalDataAction.BLOCK, 31, 50));
    assertThat(g.applied()).hasSize(2);
  }

  @Test
  void pseudonymsAreSharedWithTheRequestsRedactor() {
    Redactor r = Redactor.create(t -> PersonalDataAction.PSEUDONYMISE);
    String prompt = "NI AB123456C";
    r.apply(prompt, SCANNER.scan(prompt));
    StreamGuard g = new StreamGuard(SCANNER, r);
    assertThat(feed(g, "NI ab123456c and NI CE123456A", 4))
        .isEqualTo("NI <UK_NINO_1> and NI <UK_NINO_2>");
  }

  @Test
  void surrogatePairsAreNeverSplit() {
    String text = "\uD83D\uDE00".repeat(400);
    StreamGuard g = guard(PersonalDataAction.REDACT);
    for (int p = 0; p < text.length(); p += 3) {
      String out = g.accept(text.substring(p, Math.min(text.length(), p + 3)));
      if (!out.isEmpty()) {
        assertThat(Character.isHighSurrogate(out.charAt(out.length() - 1))).isFalse();
      }
    }
    g.finish();
  }

  @Test
  void misuse_fails() {
    assertThatThrownBy(
            () -> new StreamGuard(SCANNER, Redactor.create(t -> PersonalDataAction.ALLOW), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("window: 10");
    StreamGuard g = guard(PersonalDataAction.REDACT);
    g.finish();
    assertThatThrownBy(() -> g.accept("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(g::finish).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void listener_isToldEachAppliedFinding_asItIsApplied_blockOnce_outputUnchanged() {
    String text =
        "Hello. NI AB123456C, NHS 485 777 3457. Your card 4111 1111 1111 1111 is ready. "
            + "more ".repeat(100);
    List<Applied> told = new ArrayList<>();
    StreamGuard listened =
        new StreamGuard(SCANNER, blockCards(), StreamGuard.DEFAULT_WINDOW, told::add);
    StreamGuard plain = new StreamGuard(SCANNER, blockCards());
    StringBuilder out = new StringBuilder();
    StringBuilder plainOut = new StringBuilder();
    for (int p = 0; p < text.length(); p += 5) {
      String delta = text.substring(p, Math.min(text.length(), p + 5));
      int before = told.size();
      out.append(listened.accept(delta));
      plainOut.append(plain.accept(delta));
      assertThat(told).as("told before accept returns").isEqualTo(listened.applied());
      if (told.size() > before) {
        assertThat(told.subList(before, told.size()))
            .as("only what this call applied")
            .isEqualTo(listened.applied().subList(before, told.size()));
      }
    }
    out.append(listened.finish());
    plainOut.append(plain.finish());
    assertThat(out).hasToString(plainOut.toString());
    assertThat(told)
        .containsExactly(
            new Applied(PersonalDataType.UK_NINO, PersonalDataAction.MASK, 10, 19),
            new Applied(PersonalDataType.UK_NHS, PersonalDataAction.MASK, 25, 37),
            new Applied(PersonalDataType.CREDIT_CARD, PersonalDataAction.BLOCK, 49, 68));
    assertThat(told).isEqualTo(plain.applied());
  }

  private static Redactor blockCards() {
    return Redactor.create(
        t ->
            t == PersonalDataType.CREDIT_CARD ? PersonalDataAction.BLOCK : PersonalDataAction.MASK);
  }

  @Test
  void appliedIsACopy() {
    StreamGuard g = guard(PersonalDataAction.REDACT);
    List<Applied> before = g.applied();
    feed(g, "NI AB123456C", 2);
    assertThat(before).isEmpty();
    assertThat(g.applied()).hasSize(1);
  }
}
