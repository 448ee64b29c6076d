/**
 * Steward's policy decisions, as pure functions of the request, the use case's rules and the
 * configuration: which classification a request carries and which routes may ever see it. Each
 * decision returns a sealed {@link dev.steward.policy.Decision} with a stable reason code.
 */
@NullMarked
package dev.steward.policy;

import org.jspecify.annotations.NullMarked;
