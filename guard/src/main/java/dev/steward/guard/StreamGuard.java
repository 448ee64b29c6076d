package dev.steward.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The output guard over a streamed answer: scans it in bounded windows across chunk boundaries and
 * releases it transformed by a {@link Redactor}. Not thread-safe; one per answer.
 *
 * <p>Each call to {@link #accept} returns the text that is safe to release now. The guard holds
 * back the last {@code window} chars of what it has seen, and, when a candidate straddles the point
 * where release would stop, the part of that candidate before it, so that no span is ever released
 * in part. A candidate here is anything a detector validated, whatever its score: a bare NHS number
 * (score 0.30, below the threshold) may still gain its context from the words that follow it.
 *
 * <p>The result does not depend on how the answer was cut into deltas: whenever every finding is
 * shorter than the window, the concatenated output and {@link #applied()} are those of {@link
 * Redactor#apply} on the whole answer and {@link PersonalDataScanner#scan} of it. Text already
 * released stays in a look-behind of {@value #LOOK_BEHIND} chars (or more, back to a white space)
 * that is scanned again with the new text, so context words before a candidate still count, and is
 * never released twice.
 *
 * <p>Work is bounded per character: the guard scans only once {@value #SCAN_STEP} new chars have
 * arrived since its last scan (or on {@link #finish}), and each scan covers the look-behind, the
 * held-back window and the new text, not the whole answer.
 *
 * <p>If a finding's action is {@link PersonalDataAction#BLOCK}, the text before it is released and
 * nothing after: {@link #blocked()} is set and every later call returns the empty string. The
 * caller ends the answer with a refusal.
 *
 * <p>A caller that counts what was done as it happens (rather than copying {@link #applied()})
 * gives a listener: it is told each entry of {@link #applied()} as it is added, the block included,
 * on the thread that called {@link #accept} or {@link #finish}, before that call returns.
 */
public final class StreamGuard {
  /**
   * The default window: 256 chars, about 60 tokens of English held back. Longer than any
   * identifier, a name with its title, or a street address, and than the 40 chars of context a
   * detector reads after a candidate.
   */
  public static final int DEFAULT_WINDOW = 256;

  /** The smallest window: the context a detector reads after a candidate (40 chars) must fit. */
  public static final int MIN_WINDOW = 64;

  /** New chars that trigger a scan. */
  static final int SCAN_STEP = 64;

  /** Released chars kept for the next scan's context (then back to a white space). */
  static final int LOOK_BEHIND = 128;

  private final PersonalDataScanner candidates;
  private final double minScore;
  private final Redactor redactor;
  private final int window;
  private final @Nullable Consumer<? super Applied> listener;

  /** The text from stream offset {@link #bufStart}: look-behind, held-back and new text. */
  private final StringBuilder buf = new StringBuilder();

  private int bufStart;
  private int released;
  private int scannedTo;
  private final List<Applied> applied = new ArrayList<>();
  private @Nullable Applied blocked;
  private boolean finished;

  /**
   * A guard reporting what {@code scanner} reports (its types, its minimum score), transforming
   * with {@code redactor}, holding back {@code window} chars.
   *
   * @throws IllegalArgumentException if {@code window} is below {@value #MIN_WINDOW}
   */
  public StreamGuard(PersonalDataScanner scanner, Redactor redactor, int window) {
    this(scanner, redactor, window, null);
  }

  /**
   * A guard as {@link #StreamGuard(PersonalDataScanner, Redactor, int)} that also tells {@code
   * listener} each finding as it is applied (see the class comment); the guard's output does not
   * depend on it.
   *
   * @param listener told each entry of {@link #applied()} as it is added, or {@code null}
   * @throws IllegalArgumentException if {@code window} is below {@value #MIN_WINDOW}
   */
  public StreamGuard(
      PersonalDataScanner scanner,
      Redactor redactor,
      int window,
      @Nullable Consumer<? super Applied> listener) {
    Objects.requireNonNull(scanner, "scanner");
    this.listener = listener;
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    if (window < MIN_WINDOW) {
      throw new IllegalArgumentException(
          "window: " + window + " (expected: at least " + MIN_WINDOW + ")");
    }
    this.window = window;
    this.minScore = scanner.minScore();
    this.candidates = PersonalDataScanner.builder().types(scanner.types()).minScore(0).build();
  }

  /** A guard with the {@linkplain #DEFAULT_WINDOW default window}. */
  public StreamGuard(PersonalDataScanner scanner, Redactor redactor) {
    this(scanner, redactor, DEFAULT_WINDOW);
  }

  /**
   * Takes the next part of the answer and returns the text safe to release now, transformed; often
   * empty.
   *
   * @throws ScanFailedException if the scan fails; the caller must withhold the rest of the answer
   * @throws IllegalStateException after {@link #finish}
   */
  public String accept(String delta) {
    Objects.requireNonNull(delta, "delta");
    if (finished) {
      throw new IllegalStateException("accept after finish");
    }
    if (blocked != null) {
      return "";
    }
    buf.append(delta);
    if (total() - scannedTo < SCAN_STEP) {
      return "";
    }
    return release(false);
  }

  /**
   * Ends the answer: returns the rest of it, transformed (empty if blocked).
   *
   * @throws ScanFailedException if the scan fails; the caller must withhold the rest of the answer
   */
  public String finish() {
    if (finished) {
      throw new IllegalStateException("finish called twice");
    }
    finished = true;
    if (blocked != null) {
      return "";
    }
    return release(true);
  }

  /** What was done so far, in stream order, offsets in the whole answer. */
  public List<Applied> applied() {
    return List.copyOf(applied);
  }

  /** The first finding whose action is {@link PersonalDataAction#BLOCK}, if any. */
  public @Nullable Applied blocked() {
    return blocked;
  }

  private int total() {
    return bufStart + buf.length();
  }

  /** Scans the buffer and releases what no candidate can still change; all of it at the end. */
  private String release(boolean all) {
    int total = total();
    scannedTo = total;
    String text = buf.toString();
    List<Finding> found = candidates.scan(text);
    int cut = all ? total : total - window;
    if (!all) {
      for (Finding f : found) {
        int start = bufStart + f.start();
        if (start < cut && bufStart + f.end() > cut) {
          cut = start;
          break;
        }
      }
      if (cut > released && Character.isHighSurrogate(text.charAt(cut - 1 - bufStart))) {
        cut--;
      }
    }
    if (cut <= released) {
      return "";
    }
    List<Finding> region = new ArrayList<>();
    for (Finding f : found) {
      int start = bufStart + f.start();
      int end = bufStart + f.end();
      if (start >= released && end <= cut && f.score() >= minScore) {
        Finding local = new Finding(f.type(), start - released, end - released, f.score());
        if (redactor.action(Redactor.typeOf(f)) == PersonalDataAction.BLOCK) {
          blocked = new Applied(Redactor.typeOf(f), PersonalDataAction.BLOCK, start, end);
          cut = start;
          break;
        }
        region.add(local);
      }
    }
    String out = "";
    if (cut > released) {
      Redaction r = redactor.apply(text.substring(released - bufStart, cut - bufStart), region);
      for (Applied a : r.applied()) {
        record(a.shift(released));
      }
      out = r.text();
    }
    if (blocked != null) {
      record(blocked);
      buf.setLength(0);
      bufStart = total;
      released = total;
      return out;
    }
    released = cut;
    trim();
    return out;
  }

  private void record(Applied a) {
    applied.add(a);
    if (listener != null) {
      listener.accept(a);
    }
  }

  /**
   * Drops released text older than the look-behind, keeping whole words: the buffer starts just
   * after a white space where there is one.
   */
  private void trim() {
    int from = released - LOOK_BEHIND;
    if (from <= bufStart) {
      return;
    }
    int p = from;
    while (p > bufStart && !Character.isWhitespace(buf.charAt(p - 1 - bufStart))) {
      p--;
    }
    if (p == bufStart) {
      p = from; // one long token: cut it
    }
    buf.delete(0, p - bufStart);
    bufStart = p;
  }
}
