/**
 * Steward's safety-evaluation harness, as a library: no HTTP, no JDBC, no server.
 *
 * <p>A {@link dev.steward.eval.Suite} names a {@link dev.steward.eval.Dataset} of {@link
 * dev.steward.eval.Sample}s, a {@link dev.steward.eval.Solver} that turns each sample into a chat
 * request, and the {@link dev.steward.eval.Scorer}s that judge each answer. {@link
 * dev.steward.eval.EvalRunner} sends the requests through a {@link dev.steward.eval.Generator} the
 * caller supplies (the gateway's router, or a fake), with bounded concurrency, hands every {@link
 * dev.steward.eval.SampleResult} to a sink as it completes, and resumes from stored results. {@link
 * dev.steward.eval.Metrics} summarises results into accuracy, standard errors and refusal rates the
 * way Inspect does.
 *
 * <p>Datasets load from CSV and JSONL files ({@link dev.steward.eval.Datasets}), including the
 * layouts of XSTest, SimpleSafetyTests, HarmBench, StrongREJECT and Inspect; suites load from YAML
 * ({@link dev.steward.eval.SuiteFiles}) or from the built-in set ({@link
 * dev.steward.eval.BuiltInSuites}). Design notes: {@code
 * docs/decisions/0019-evaluation-harness.md}.
 */
@NullMarked
package dev.steward.eval;

import org.jspecify.annotations.NullMarked;
