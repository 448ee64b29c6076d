package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong(1_000 * MS);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void line_showsBarCountsPercentErrorsAndTime() {
    assertThat(ProgressBar.line("refusal-core", 512, 1000, 0, 3_240 * MS))
        .isEqualTo("refusal-core  [##########----------]  512/1000  51%  errors 0  3.2s");
    assertThat(ProgressBar.line("x", 0, 0, 0, 0))
        .isEqualTo("x  [--------------------]  0/0  0%  errors 0  0.0s");
    assertThat(ProgressBar.line("x", 7, 7, 2, 0))
        .contains("[####################]  7/7  100%  errors 2");
  }

  @Test
  void elapsed_growsIntoMinutesAndHours() {
    assertThat(ProgressBar.elapsed(59_949 * MS)).isEqualTo("59.9s");
    assertThat(ProgressBar.elapsed(65_000 * MS)).isEqualTo("1m05s");
    assertThat(ProgressBar.elapsed(3_725_000 * MS)).isEqualTo("1h02m");
  }

  @Test
  void update_redrawsAtMostTenTimesASecondButAlwaysTheLast() {
    ProgressBar bar = new ProgressBar(out, "s", now::get);

    bar.update(0, 10, 0);
    now.addAndGet(50 * MS);
    bar.update(1, 10, 0); // too soon: not drawn
    now.addAndGet(60 * MS);
    bar.update(2, 10, 0); // 110 ms after the first draw
    now.addAndGet(10 * MS);
    bar.update(10, 10, 1); // the end is always drawn

    assertThat(printed().split("\r", -1))
        .containsExactly(
            "",
            "s  [--------------------]  0/10  0%  errors 0  0.0s",
            "s  [####----------------]  2/10  20%  errors 0  0.1s",
            "s  [####################]  10/10  100%  errors 1  0.1s");
  }

  @Test
  void finish_drawsTheLastStateAndEndsTheLine() {
    ProgressBar bar = new ProgressBar(out, "s", now::get);
    bar.update(0, 4, 0);
    bar.update(3, 4, 0); // throttled

    bar.finish();
    bar.finish();
    bar.update(4, 4, 0);

    assertThat(printed())
        .isEqualTo(
            "\rs  [--------------------]  0/4  0%  errors 0  0.0s"
                + "\rs  [###############-----]  3/4  75%  errors 0  0.0s\n");
  }

  @Test
  void draw_shorterLine_isPaddedOverTheLongerOne() {
    ProgressBar bar = new ProgressBar(out, "s", now::get);
    bar.update(0, 10, 100);
    now.addAndGet(200 * MS);

    bar.update(1, 10, 0);

    String[] lines = printed().split("\r", -1);
    assertThat(lines[2]).hasSize(lines[1].length()).matches(".*errors 0  0\\.2s +");
  }
}
