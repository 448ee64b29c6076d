package dev.steward.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the sandbox model does with a request. */
enum Behaviour {
  /** A plausible, deterministic answer; forced tool choices and response formats honoured. */
  COMPLY("comply"),
  /** A refusal, ending the turn normally. */
  REFUSE("refuse"),
  /** A refusal reported as the provider's content filter. */
  REFUSE_FILTER("refuse-filter"),
  /** Calls a tool even when the choice is left to the model. */
  TOOL("tool"),
  /** Like comply, with pauses between streamed chunks. */
  SLOW("slow"),
  /** Fails the way an upstream does. */
  FAIL("fail"),
  /** Answers with the last user message, verbatim. */
  ECHO("echo");

  private final String configName;

  Behaviour(String configName) {
    this.configName = configName;
  }

  String configName() {
    return configName;
  }

  static Behaviour parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (Behaviour b : values()) {
      if (b.configName.equals(wanted)) {
        return b;
      }
    }
    throw new IllegalArgumentException("'" + value + "' (expected: one of " + names() + ")");
  }

  static String names() {
    return Arrays.stream(values()).map(Behaviour::configName).collect(Collectors.joining(", "));
  }
}
