/**
 * Steward's policy decisions, as pure functions of the request, the use case's rules and the
 * configuration: which classification a request carries and which routes may ever see it. Each
 * decision returns a sealed {@link dev.steward.policy.Decision} with a stable reason code. Budgets:
 * a request's {@link dev.steward.policy.WorstCase worst-case} cost, reserved against its scopes'
 * limits in a {@link dev.steward.policy.BudgetBook} before the call and settled after.
 */
@NullMarked
package dev.steward.policy;

import org.jspecify.annotations.NullMarked;
