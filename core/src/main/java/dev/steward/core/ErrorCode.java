package dev.steward.core;

/**
 * Every error Steward returns, with its stable reason code (documented in {@code
 * docs/spec/reasons.md}), its HTTP status and the error types of the OpenAI and Anthropic APIs.
 */
public enum ErrorCode {
  MALFORMED_JSON(400, "request.malformed_json", "invalid_request_error", "invalid_request_error"),
  INVALID_REQUEST(400, "request.invalid", "invalid_request_error", "invalid_request_error"),
  BODY_TOO_LARGE(413, "request.too_large", "invalid_request_error", "request_too_large"),
  UNSUPPORTED_MEDIA_TYPE(
      415, "request.unsupported_media_type", "invalid_request_error", "invalid_request_error"),
  NOT_FOUND(404, "request.no_such_path", "invalid_request_error", "not_found_error"),
  METHOD_NOT_ALLOWED(405, "request.method_not_allowed", "invalid_request_error", "not_found_error"),
  MISSING_KEY(401, "auth.missing_key", "invalid_request_error", "authentication_error"),
  INVALID_KEY(401, "auth.invalid_key", "invalid_request_error", "authentication_error"),
  REVOKED_KEY(401, "auth.revoked_key", "invalid_request_error", "authentication_error"),
  FORBIDDEN(403, "auth.forbidden", "permission_error", "permission_error"),
  CONFLICT(409, "request.conflict", "invalid_request_error", "invalid_request_error"),
  MODEL_NOT_FOUND(404, "model.unknown", "invalid_request_error", "not_found_error"),
  MODEL_NOT_ALLOWED(403, "model.not_allowed", "permission_error", "permission_error"),
  CAPABILITY_UNSUPPORTED(
      400, "model.unsupported_capability", "invalid_request_error", "invalid_request_error"),
  QUEUE_FULL(429, "capacity.queue_full", "rate_limit_error", "rate_limit_error"),
  QUEUE_TIMEOUT(503, "capacity.queue_timeout", "server_error", "overloaded_error"),
  UPSTREAM_REJECTED(400, "upstream.rejected", "invalid_request_error", "invalid_request_error"),
  UPSTREAM_RATE_LIMITED(429, "upstream.rate_limited", "rate_limit_error", "rate_limit_error"),
  UPSTREAM_ERROR(502, "upstream.error", "server_error", "api_error"),
  UPSTREAM_TIMEOUT(504, "upstream.timeout", "server_error", "api_error"),
  UPSTREAM_UNAVAILABLE(503, "upstream.unavailable", "server_error", "overloaded_error"),
  CIRCUIT_OPEN(503, "upstream.circuit_open", "server_error", "overloaded_error"),
  POLICY_INVALID_CLASSIFICATION(
      400, "policy.invalid_classification", "invalid_request_error", "invalid_request_error"),
  POLICY_UNLABELLED(400, "policy.unlabelled", "invalid_request_error", "invalid_request_error"),
  POLICY_NO_ELIGIBLE_ROUTE(403, "policy.no_eligible_route", "permission_error", "permission_error"),
  POLICY_NOT_APPROVED(403, "policy.not_approved", "permission_error", "permission_error"),
  APPROVAL_NOT_MET(409, "approval.not_met", "invalid_request_error", "invalid_request_error"),
  KILL_SWITCH(503, "killswitch.engaged", "server_error", "overloaded_error"),
  GUARD_PERSONAL_DATA(400, "guard.personal_data", "invalid_request_error", "invalid_request_error"),
  GUARD_INJECTION(400, "guard.injection", "invalid_request_error", "invalid_request_error"),
  GUARD_OUTPUT_PERSONAL_DATA(502, "guard.output_personal_data", "server_error", "api_error"),
  GUARD_UNAVAILABLE(503, "guard.unavailable", "server_error", "overloaded_error"),
  RATE_LIMITED(429, "rate_limit.exceeded", "rate_limit_error", "rate_limit_error"),
  BUDGET_EXCEEDED(429, "budget.exceeded", "insufficient_quota", "rate_limit_error"),
  AUDIT_UNAVAILABLE(503, "audit.unavailable", "server_error", "overloaded_error"),
  SHUTTING_DOWN(503, "server.shutting_down", "server_error", "overloaded_error"),
  INTERNAL(500, "server.internal", "server_error", "api_error");

  private final int httpStatus;
  private final String reason;
  private final String openAiType;
  private final String anthropicType;

  ErrorCode(int httpStatus, String reason, String openAiType, String anthropicType) {
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.openAiType = openAiType;
    this.anthropicType = anthropicType;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The stable reason code, e.g. {@code auth.invalid_key}. */
  public String reason() {
    return reason;
  }

  public String openAiType() {
    return openAiType;
  }

  public String anthropicType() {
    return anthropicType;
  }
}
