package dev.steward.cli;

/** Every exit code the CLI uses; documented in {@code docs/spec/cli.md}. */
enum ExitCode {
  OK(0),
  FAILURE(1),
  USAGE(2),
  CONFIG_INVALID(3),
  NOT_FOUND(4),
  /**
   * {@code steward policy test}: some case's decision was not what it expected; {@code steward
   * approvals check}: the evidence does not meet the use case's rules.
   */
  CASES_FAILED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }
}
