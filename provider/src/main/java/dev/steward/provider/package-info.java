/**
 * What every provider adapter shares: the non-blocking upstream HTTP transport with Steward's
 * timeouts ({@link dev.steward.provider.VertxHttpTransport}), the status check and error mapping
 * ({@link dev.steward.provider.Upstream}), a push parser for server-sent events and the streamed
 * answer built on it ({@link dev.steward.provider.SseChatStream}), and vendor header parsing.
 * Adapters live in their own modules.
 */
@NullMarked
package dev.steward.provider;

import org.jspecify.annotations.NullMarked;
