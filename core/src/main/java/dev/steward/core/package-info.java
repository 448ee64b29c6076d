/**
 * Steward's provider-neutral types: the canonical chat and embedding model every wire format is
 * decoded into and encoded from, the error codes, and the client shape every provider adapter
 * implements.
 */
@NullMarked
package dev.steward.core;

import org.jspecify.annotations.NullMarked;
