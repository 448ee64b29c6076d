/** The {@code steward} command line: serve, demo, keys and config. */
@NullMarked
package dev.steward.cli;

import org.jspecify.annotations.NullMarked;
