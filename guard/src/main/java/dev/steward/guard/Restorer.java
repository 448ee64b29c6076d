package dev.steward.guard;

import java.util.Objects;

/**
 * Puts the values back into a streamed answer, delta by delta: each call returns the text that can
 * be released now, with every complete placeholder its {@link Redactor} issued replaced by its
 * value. It holds back only a possible partial placeholder at the end ({@code "Dear <PERS"}): from
 * the last {@code <}, and only while that could still become a placeholder the redactor issued. Not
 * thread-safe; one per answer.
 */
public final class Restorer {
  private final Redactor redactor;
  private final StringBuilder held = new StringBuilder();

  Restorer(Redactor redactor) {
    this.redactor = redactor;
  }

  /** The text releasable after {@code delta}, restored. */
  public String accept(String delta) {
    Objects.requireNonNull(delta, "delta");
    held.append(delta);
    int keep = redactor.partialPlaceholderStart(held);
    if (keep == 0) {
      return "";
    }
    String ready = held.substring(0, keep);
    held.delete(0, keep);
    return redactor.restore(ready);
  }

  /** The rest of the text, at the end of the answer; the restorer is then empty. */
  public String finish() {
    String rest = held.toString();
    held.setLength(0);
    return redactor.restore(rest);
  }
}
