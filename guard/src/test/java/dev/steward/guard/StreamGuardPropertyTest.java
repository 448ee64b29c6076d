package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer cut into arbitrary deltas is released and transformed exactly as the whole
 * answer scanned at once, whenever every finding is shorter than the window.
 */
class StreamGuardPropertyTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();
  private static final PersonalDataAction[] NOT_BLOCK = {
    PersonalDataAction.ALLOW,
    PersonalDataAction.MASK,
    PersonalDataAction.REDACT,
    PersonalDataAction.PSEUDONYMISE
  };

  /** A random action per type, the same for a seed. */
  static Function<PersonalDataType, PersonalDataAction> actions(long seed, boolean block) {
    EnumMap<PersonalDataType, PersonalDataAction> chosen = new EnumMap<>(PersonalDataType.class);
    Random r = new Random(seed);
    for (PersonalDataType t : PersonalDataType.values()) {
      chosen.put(
          t,
          block && r.nextInt(8) == 0
              ? PersonalDataAction.BLOCK
              : NOT_BLOCK[r.nextInt(NOT_BLOCK.length)]);
    }
    return t -> Objects.requireNonNull(chosen.get(t));
  }

  record Streamed(String text, List<Applied> applied, @Nullable Applied blocked) {}

  /** Feeds {@code text} in random deltas (many of one char, some long) and collects the output. */
  static Streamed stream(String text, StreamGuard guard, Random r) {
    StringBuilder out = new StringBuilder();
    int p = 0;
    while (p < text.length()) {
      int len =
          switch (r.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + r.nextInt(8);
            case 2 -> 1 + r.nextInt(80);
            default -> 1 + r.nextInt(400);
          };
      int e = Math.min(text.length(), p + len);
      out.append(guard.accept(text.substring(p, e)));
      p = e;
    }
    out.append(guard.finish());
    return new Streamed(out.toString(), guard.applied(), guard.blocked());
  }

  @Property(tries = 200)
  void anyChunking_releasesWhatTheWholeTextGives(
      @ForAll long seed, @ForAll @IntRange(min = 50, max = 3000) int length) {
    String text = RedactorPropertyTest.text(seed, length);
    Function<PersonalDataType, PersonalDataAction> actions = actions(seed, false);
    Redaction whole = Redactor.create(actions).apply(text, SCANNER.scan(text));

    for (int window : new int[] {StreamGuard.MIN_WINDOW, StreamGuard.DEFAULT_WINDOW}) {
      Random r = new Random(seed ^ window);
      Streamed s = stream(text, new StreamGuard(SCANNER, Redactor.create(actions), window), r);
      assertThat(s.text()).as("window %d", window).isEqualTo(whole.text());
      assertThat(s.applied()).as("window %d", window).isEqualTo(whole.applied());
      assertThat(s.blocked()).isNull();
    }
  }

  @Property(tries = 200)
  void anyChunking_blocksAtTheSamePlace(@ForAll long seed) {
    String text = RedactorPropertyTest.text(seed, 1500);
    Function<PersonalDataType, PersonalDataAction> actions = actions(seed, true);
    List<Finding> found = SCANNER.scan(text);

    // Reference: the text before the first BLOCK finding, transformed; the finding blocks.
    Applied blocked = Redactor.create(actions).apply(text, found).blocked();
    int end = blocked == null ? text.length() : blocked.start();
    List<Finding> before = new ArrayList<>();
    for (Finding f : found) {
      if (f.end() <= end) {
        before.add(f);
      }
    }
    Redaction prefix = Redactor.create(actions).apply(text.substring(0, end), before);
    List<Applied> expectedApplied = new ArrayList<>(prefix.applied());
    if (blocked != null) {
      expectedApplied.add(blocked);
    }

    Streamed s = stream(text, new StreamGuard(SCANNER, Redactor.create(actions)), new Random(seed));
    assertThat(s.text()).isEqualTo(prefix.text());
    assertThat(s.blocked()).isEqualTo(blocked);
    assertThat(s.applied()).isEqualTo(expectedApplied);
  }
}
