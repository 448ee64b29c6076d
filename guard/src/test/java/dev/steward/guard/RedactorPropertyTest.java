package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Invariants of applying actions and restoring placeholders. */
class RedactorPropertyTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();

  /** Several corpus samples: identifiers, names, addresses and hard negatives. */
  static String text(long seed, int minLength) {
    Corpus corpus = new Corpus(seed);
    StringBuilder b = new StringBuilder();
    while (b.length() < minLength) {
      b.append(corpus.sample().text());
    }
    return b.toString();
  }

  @Property(tries = 300)
  void pseudonymiseThenRestore_givesTheTextBackInFirstSeenSpellings(@ForAll long seed) {
    String text = text(seed, 400);
    List<Finding> found = SCANNER.scan(text);
    Redactor r = Redactor.create(t -> PersonalDataAction.PSEUDONYMISE);
    Redaction red = r.apply(text, found);

    // Reference: each value replaced by the first spelling of its normalised value.
    Map<String, String> first = new HashMap<>();
    StringBuilder expected = new StringBuilder();
    int p = 0;
    for (Finding f : found) {
      String value = text.substring(f.start(), f.end());
      String spelling = first.computeIfAbsent(f.type() + Redactor.normalise(value), k -> value);
      expected.append(text, p, f.start()).append(spelling);
      p = f.end();
    }
    expected.append(text.substring(p));

    assertThat(r.pseudonymised()).isEqualTo(!found.isEmpty());
    assertThat(r.restore(red.text())).isEqualTo(expected.toString());
    for (Finding f : found) {
      assertThat(red.text()).doesNotContain(text.substring(f.start(), f.end()));
    }
  }

  @Property(tries = 300)
  void restorer_anyChunking_equalsRestoringTheWhole(@ForAll long seed) {
    Random random = new Random(seed);
    String text = text(seed, 300);
    Redactor r = Redactor.create(t -> PersonalDataAction.PSEUDONYMISE);
    String answer =
        r.apply(text, SCANNER.scan(text)).text()
            + " <PERSON_99> <UK_NINO_1 <<EMAIL_ADDRESS_1>> <"
            + text.substring(0, random.nextInt(40));
    Restorer restorer = r.restorer();
    StringBuilder streamed = new StringBuilder();
    int p = 0;
    while (p < answer.length()) {
      int e = Math.min(answer.length(), p + 1 + random.nextInt(random.nextBoolean() ? 3 : 30));
      streamed.append(restorer.accept(answer.substring(p, e)));
      String upToHere = r.restore(answer.substring(0, e));
      assertThat(upToHere).startsWith(streamed);
      assertThat(upToHere.length() - streamed.length())
          .as("only a partial placeholder is held back")
          .isLessThan(Redactor.MAX_PLACEHOLDER);
      p = e;
    }
    streamed.append(restorer.finish());
    assertThat(streamed).hasToString(r.restore(answer));
  }

  @Property(tries = 1000)
  void mask_keepsLengthSeparatorsAndLastFour(@ForAll @StringLength(max = 40) String value) {
    StringBuilder out = new StringBuilder();
    Redactor.mask(value, 0, value.length(), out);
    int[] in = value.codePoints().toArray();
    int[] masked = out.codePoints().toArray();
    assertThat(masked).hasSameSizeAs(in);
    int letters = (int) value.codePoints().filter(Character::isLetterOrDigit).count();
    int hidden = letters <= 4 ? letters : letters - 4;
    int seen = 0;
    for (int k = 0; k < in.length; k++) {
      if (Character.isLetterOrDigit(in[k])) {
        assertThat(masked[k]).isEqualTo(seen < hidden ? '*' : in[k]);
        seen++;
      } else {
        assertThat(masked[k]).isEqualTo(in[k]);
      }
    }
  }
}
