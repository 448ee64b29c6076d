package dev.steward.eval;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/** Correct when a pattern is found in the answer. */
final class RegexScorer implements Scorer {
  private final String name;
  private final @Nullable Pattern pattern;
  private final int flags;

  RegexScorer(String name, @Nullable String pattern, boolean ignoreCase) {
    this.name = name;
    this.flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    try {
      this.pattern = pattern == null ? null : Pattern.compile(pattern, flags);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "pattern: invalid regular expression (" + e.getDescription() + ")", e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Score> score(Sample sample, String output) {
    Pattern p = pattern;
    if (p == null) {
      String target = sample.target();
      if (target == null) {
        return CompletableFuture.completedFuture(
            Score.of(false, null, "sample has no target (expected: a pattern)", Map.of()));
      }
      try {
        p = Pattern.compile(target, flags);
      } catch (PatternSyntaxException e) {
        return CompletableFuture.completedFuture(
            Score.of(
                false,
                null,
                "target is not a valid regular expression (" + e.getDescription() + ")",
                Map.of()));
      }
    }
    Matcher m = p.matcher(output);
    boolean found = m.find();
    return CompletableFuture.completedFuture(
        Score.of(found, found ? m.group() : null, found ? null : "pattern not found", Map.of()));
  }

  @Override
  public String toString() {
    return "RegexScorer[" + name + "]";
  }
}
