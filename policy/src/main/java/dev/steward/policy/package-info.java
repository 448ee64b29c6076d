/**
 * Steward's policy decisions, as pure functions of the request, the use case's rules and the
 * configuration: which classification a request carries and which routes may ever see it. Each
 * decision returns a sealed {@link dev.steward.policy.Decision} with a stable reason code. Budgets:
 * a request's {@link dev.steward.policy.WorstCase worst-case} cost, reserved against its scopes'
 * limits in a {@link dev.steward.policy.BudgetBook} before the call and settled after. Approvals:
 * whether a {@link dev.steward.policy.ModelVersion model version}'s latest {@link
 * dev.steward.policy.Evidence evaluation evidence} meets a use case's rules ({@link
 * dev.steward.policy.ApprovalRule}), and the {@link dev.steward.policy.Approvals approvals} in
 * force that {@link dev.steward.policy.RoutePolicy} enforces.
 */
@NullMarked
package dev.steward.policy;

import org.jspecify.annotations.NullMarked;
