package dev.steward.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** The CLI run in-process: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

  static CliRun of(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new CliRun(code, out.toString(), err.toString());
  }
}
