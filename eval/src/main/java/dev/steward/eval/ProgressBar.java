package dev.steward.eval;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for a terminal, redrawn in place with a carriage return:
 *
 * <pre>refusal-core  [##########----------]  512/1000  51%  errors 0  3.2s</pre>
 *
 * Redraws are limited to about ten a second (the last update is always drawn); {@link #finish()}
 * draws the final state and ends the line.
 */
public final class ProgressBar implements Progress {
  static final int WIDTH = 20;
  static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final String label;
  private final LongSupplier nanoTime;
  private final long started;

  private int done;
  private int total;
  private int errors;
  private boolean updated;
  private long lastDraw;
  private boolean drawn;
  private int lastLength;
  private boolean finished;

  public ProgressBar(PrintStream out, String label) {
    this(writer(out), label, System::nanoTime);
  }

  /** A bar drawn on a writer, as a CLI's error stream. */
  public ProgressBar(PrintWriter out, String label) {
    this(out, label, System::nanoTime);
  }

  ProgressBar(PrintStream out, String label, LongSupplier nanoTime) {
    this(writer(out), label, nanoTime);
  }

  ProgressBar(PrintWriter out, String label, LongSupplier nanoTime) {
    this.out = Objects.requireNonNull(out, "out");
    this.label = Objects.requireNonNull(label, "label");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.started = nanoTime.getAsLong();
  }

  @Override
  public synchronized void update(int done, int total, int errors) {
    if (finished) {
      return;
    }
    this.done = done;
    this.total = total;
    this.errors = errors;
    this.updated = true;
    long now = nanoTime.getAsLong();
    if (!drawn || now - lastDraw >= REDRAW_NANOS || done >= total) {
      draw(now);
    }
  }

  /** Draws the last state reported and ends the line; later updates are ignored. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (updated) {
      draw(nanoTime.getAsLong());
    }
    out.print('\n');
    out.flush();
  }

  private void draw(long now) {
    String line = line(label, done, total, errors, now - started);
    StringBuilder b = new StringBuilder(line.length() + 8).append('\r').append(line);
    for (int i = line.length(); i < lastLength; i++) {
      b.append(' ');
    }
    out.print(b);
    out.flush();
    lastLength = line.length();
    lastDraw = now;
    drawn = true;
  }

  static String line(String label, int done, int total, int errors, long elapsedNanos) {
    int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, (long) done * WIDTH / total);
    int percent = total <= 0 ? 0 : (int) Math.min(100, (long) done * 100 / total);
    return label
        + "  ["
        + "#".repeat(filled)
        + "-".repeat(WIDTH - filled)
        + "]  "
        + done
        + "/"
        + total
        + "  "
        + percent
        + "%  errors "
        + errors
        + "  "
        + elapsed(elapsedNanos);
  }

  static String elapsed(long nanos) {
    long tenths = Math.max(0, nanos) / 100_000_000L;
    if (tenths < 600) {
      return String.format(Locale.ROOT, "%d.%ds", tenths / 10, tenths % 10);
    }
    long seconds = tenths / 10;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  private static PrintWriter writer(PrintStream out) {
    return new PrintWriter(
        new OutputStreamWriter(Objects.requireNonNull(out, "out"), StandardCharsets.UTF_8));
  }
}
