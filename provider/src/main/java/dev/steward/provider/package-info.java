/**
 * What every provider adapter shares: the upstream HTTP transport with Steward's timeouts, a
 * server-sent-events reader, and vendor header parsing. Adapters live in their own modules.
 */
@NullMarked
package dev.steward.provider;

import org.jspecify.annotations.NullMarked;
