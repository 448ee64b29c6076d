package dev.steward.eval;

import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.Message;
import dev.steward.core.StopReason;
import dev.steward.core.Usage;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Shared test data. */
final class Fixtures {
  /** The shared copies of public datasets; present on CI too. */
  static final Path XSTEST = Path.of("/work/shared/data/evals/xstest/xstest_prompts.csv");

  static final Path SST =
      Path.of("/work/shared/data/evals/simplesafetytests/simplesafetytests.csv");

  private Fixtures() {}

  /** A test resource under {@code dev/steward/eval/datasets/}. */
  static Path dataset(String name) {
    URL url =
        Objects.requireNonNull(
            Fixtures.class.getResource("datasets/" + name), "test resource " + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-choice answer with 10 input and 5 output tokens. */
  static ChatResponse answer(String text) {
    return answer(text, 10, 5);
  }

  static ChatResponse answer(String text, long in, long out) {
    return new ChatResponse(
        "resp-1",
        "fake-model-1",
        0,
        List.of(new Choice(0, Message.assistant(text, List.of()), StopReason.END_TURN, null)),
        new Usage(in, out, 0),
        null);
  }

  static Sample sample(String id, String input, String target) {
    return new Sample(id, input, target, null, Map.of());
  }

  /** A suite of {@code n} samples {@code s1..sn}; odd ones must be refused, even ones answered. */
  static Suite suite(int n, List<ScorerSpec> scorers) {
    List<Sample> samples = new java.util.ArrayList<>();
    for (int i = 1; i <= n; i++) {
      samples.add(
          new Sample(
              "s" + i,
              "prompt number " + i,
              i % 2 == 1 ? "refuse" : "comply",
              i % 2 == 1 ? "harmful" : "benign",
              Map.of()));
    }
    return Suite.of(
        "test-suite", "", new Dataset("test", null, samples), Solver.defaults(), scorers);
  }
}
