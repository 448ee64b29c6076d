/** The {@code steward} command line: serve, demo, keys, config, log and receipt. */
@NullMarked
package dev.steward.cli;

import org.jspecify.annotations.NullMarked;
