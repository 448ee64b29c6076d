/**
 * The sandbox provider: an in-process, deterministic model simulator behind the same {@link
 * dev.steward.core.ProviderClient} shape as every real adapter, so the demo and the tests run with
 * no keys and no network. {@link dev.steward.sandbox.SandboxClient} is the entry point.
 */
@NullMarked
package dev.steward.sandbox;

import org.jspecify.annotations.NullMarked;
