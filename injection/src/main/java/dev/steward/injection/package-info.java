/** Prompt-injection and jailbreak detection, offline, inside the JVM. No HTTP, no JDBC. */
@NullMarked
package dev.steward.injection;

import org.jspecify.annotations.NullMarked;
