/** Fakes and fixtures for Steward's tests: a scripted upstream HTTP server and contract suites. */
@NullMarked
package dev.steward.testing;

import org.jspecify.annotations.NullMarked;
