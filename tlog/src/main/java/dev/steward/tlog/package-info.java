/** Steward's transparency log: C2SP tlog-tiles over an RFC 6962 Merkle tree. */
@NullMarked
package dev.steward.tlog;

import org.jspecify.annotations.NullMarked;
