/** Personal-data detection: UK identifiers and other personal data in text. No HTTP, no JDBC. */
@NullMarked
package dev.steward.guard;

import org.jspecify.annotations.NullMarked;
