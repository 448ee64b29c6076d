package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.audit.AuditEntry;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApiKeys;
import dev.steward.store.ApprovalStorage;
import dev.steward.store.EvalStorage;
import dev.steward.store.KeyStorage;
import dev.steward.store.KillSwitchStorage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin endpoints under {@code /v1/steward/admin}, for the holder of the admin key: list, create
 * and revoke API keys (a new key's plaintext is returned once, in the creating response); list,
 * engage and lift kill switches.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte @Nullable [] adminKey;
  private final KeyStorage keys;
  private final KillSwitchControl killSwitches;
  private final ApprovalControl approvals;
  private final EvalStorage evaluations;
  private final Runnable switched;
  private final StewardConfig config;
  private final InstantSource clock;

  private final boolean audited;
  private final Runnable changed;

  /**
   * @param audited whether key changes are committed to the transparency log (through the store's
   *     outbox, in the same transaction as the change)
   * @param changed called after a change, to move it from the outbox into the log
   */
  AdminApi(
      @Nullable String adminKey,
      KeyStorage keys,
      KillSwitchControl killSwitches,
      ApprovalControl approvals,
      EvalStorage evaluations,
      Runnable switched,
      StewardConfig config,
      InstantSource clock,
      boolean audited,
      Runnable changed) {
    this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
    this.keys = keys;
    this.killSwitches = killSwitches;
    this.approvals = approvals;
    this.evaluations = evaluations;
    this.switched = switched;
    this.config = config;
    this.clock = clock;
    this.audited = audited;
    this.changed = changed;
  }

  private byte @Nullable [] keyChange(AuditEntry.KeyAction action, ApiKeyRecord key, String via) {
    return audited ? TransparencyLogs.keyChange(action, key, via, clock.instant()) : null;
  }

  /** Whether the headers carry the admin key (compared in constant time). */
  boolean admits(Function<String, @Nullable String> headers) {
    return isAdminKey(Authenticator.presentedKey(headers));
  }

  /** {@code GET /v1/steward/admin/keys}: every key, revoked ones included, never a secret. */
  byte[] list(Function<String, @Nullable String> headers) {
    return guarded(
        headers,
        () -> {
          ArrayNode data = JSON.createArrayNode();
          for (ApiKeyRecord k : keys.list()) {
            data.add(describe(k));
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("object", "list");
          out.set("data", data);
          return out;
        });
  }

  /** {@code POST /v1/steward/admin/keys}: a new key, its plaintext shown this once. */
  byte[] create(Function<String, @Nullable String> headers, byte[] requestBody) {
    return guarded(
        headers,
        () -> {
          JsonNode body;
          try {
            body = JSON.readTree(requestBody);
          } catch (IOException e) {
            throw new StewardException(ErrorCode.MALFORMED_JSON, "body: not valid JSON");
          }
          JsonNode label = body.get("label");
          NewApiKey created =
              createKey(
                  RequestBodies.text(body, "department"),
                  RequestBodies.text(body, "service"),
                  RequestBodies.text(body, "use_case"),
                  label == null || !label.isTextual() ? "" : label.asText(),
                  "admin-api");
          ObjectNode out = describe(created.record());
          out.put("key", created.plaintext());
          return out;
        });
  }

  /**
   * Creates a key for a configured use case, committed to the log; its plaintext is in the result,
   * and nowhere else. Blocks (database).
   *
   * @param via what made the change, in the log entry: {@code admin-api}, {@code admin-web}
   * @throws StewardException {@code request.invalid} when the use case is not configured
   */
  NewApiKey createKey(String department, String service, String useCase, String label, String via) {
    if (config.useCase(department, service, useCase).isEmpty()) {
      throw StewardException.invalid(
          "use_case",
          "use case "
              + department
              + "/"
              + service
              + "/"
              + useCase
              + ": not configured (expected: a use case in the configuration)");
    }
    NewApiKey created =
        ApiKeys.create(Principal.of(department, service, useCase), label, via, clock.instant());
    keys.insert(created.record(), keyChange(AuditEntry.KeyAction.CREATED, created.record(), via));
    changed.run();
    LOG.info("admin: key {} created for {}", created.record().id(), created.record().principal());
    return created;
  }

  /**
   * Revokes a key, committed to the log. Blocks (database).
   *
   * @throws StewardException {@code not_found} for an unknown or revoked key
   */
  void revokeKey(String id, String via) {
    ApiKeyRecord existing = keys.find(id).orElse(null);
    if (existing == null
        || !keys.revoke(
            id, clock.instant(), keyChange(AuditEntry.KeyAction.REVOKED, existing, via))) {
      throw new StewardException(
          ErrorCode.NOT_FOUND, "key " + HttpFront.clip(id) + ": unknown or already revoked");
    }
    changed.run();
    LOG.info("admin: key {} revoked", id);
  }

  /** Every key, revoked ones included. Blocks (database). */
  List<ApiKeyRecord> keys() {
    return keys.list();
  }

  /** Whether {@code presented} is the admin key (constant time); never, when none is set. */
  boolean isAdminKey(@Nullable String presented) {
    byte @Nullable [] expected = adminKey;
    return expected != null
        && presented != null
        && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the configuration sets an admin key. */
  boolean enabled() {
    return adminKey != null;
  }

  /** {@code DELETE /v1/steward/admin/keys/{id}}. */
  byte[] revoke(Function<String, @Nullable String> headers, String id) {
    return guarded(
        headers,
        () -> {
          revokeKey(id, "admin-api");
          ObjectNode out = JSON.createObjectNode();
          out.put("id", id);
          out.put("revoked", true);
          return out;
        });
  }

  /** {@code GET /v1/steward/admin/kill-switches}: engaged ones, then the latest lifted. */
  byte[] killSwitches(Function<String, @Nullable String> headers) {
    return guarded(
        headers,
        () -> {
          ArrayNode data = JSON.createArrayNode();
          for (KillSwitchStorage.KillSwitch s : killSwitches.recent(100)) {
            data.add(describe(s));
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("object", "list");
          out.set("data", data);
          return out;
        });
  }

  /**
   * {@code POST /v1/steward/admin/kill-switches} with {@code {"scope": "provider" | "model" |
   * "use-case", "target": …, "note": …}}: engages a switch, effective on every node within a second
   * and committed to the log.
   */
  byte[] engage(Function<String, @Nullable String> headers, byte[] requestBody) {
    return guarded(
        headers,
        () -> {
          JsonNode body = RequestBodies.object(requestBody);
          KillSwitchStorage.KillSwitch s =
              killSwitches.engage(
                  RequestBodies.text(body, "scope"),
                  RequestBodies.text(body, "target"),
                  RequestBodies.text(body, "note"),
                  "admin",
                  "admin-api");
          switched.run();
          LOG.warn("admin: kill switch {} engaged on {} {}", s.id(), s.scope(), s.target());
          return describe(s);
        });
  }

  /** {@code DELETE /v1/steward/admin/kill-switches/{id}} with {@code {"note": …}}. */
  byte[] lift(Function<String, @Nullable String> headers, String id, byte[] requestBody) {
    return guarded(
        headers,
        () -> {
          JsonNode body = RequestBodies.object(requestBody);
          KillSwitchStorage.KillSwitch s =
              killSwitches
                  .lift(id, RequestBodies.text(body, "note"), "admin", "admin-api")
                  .orElseThrow(
                      () ->
                          new StewardException(
                              ErrorCode.NOT_FOUND,
                              "kill switch " + HttpFront.clip(id) + ": unknown or already lifted"));
          switched.run();
          LOG.warn("admin: kill switch {} lifted", id);
          return describe(s);
        });
  }

  /** {@code GET /v1/steward/admin/approvals}: every approval granted, newest first. */
  byte[] approvals(Function<String, @Nullable String> headers) {
    return guarded(
        headers,
        () -> {
          ArrayNode data = JSON.createArrayNode();
          Instant now = clock.instant();
          for (ApprovalStorage.ApprovalRow a : approvals.list(true)) {
            data.add(describe(a, now));
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("object", "list");
          out.set("data", data);
          return out;
        });
  }

  /**
   * {@code POST /v1/steward/admin/approvals} with {@code {"use_case":
   * "department/service/use-case", "model": alias, "route": optional provider/model, "note": …}}:
   * grants an approval on the evidence stored now, or answers {@code approval.not_met} naming what
   * is missing.
   */
  byte[] grant(Function<String, @Nullable String> headers, byte[] requestBody) {
    return guarded(
        headers,
        () -> {
          JsonNode body = RequestBodies.object(requestBody);
          JsonNode route = body.get("route");
          List<ApprovalStorage.ApprovalRow> granted =
              approvals.grant(
                  RequestBodies.text(body, "use_case"),
                  RequestBodies.text(body, "model"),
                  route == null || route.isNull() ? null : RequestBodies.text(body, "route"),
                  "admin",
                  RequestBodies.text(body, "note"));
          switched.run();
          ArrayNode data = JSON.createArrayNode();
          Instant now = clock.instant();
          for (ApprovalStorage.ApprovalRow a : granted) {
            LOG.warn(
                "admin: approval {} granted: {} for {}", a.id(), a.modelVersion(), a.useCase());
            data.add(describe(a, now));
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("object", "list");
          out.set("data", data);
          return out;
        });
  }

  /** {@code DELETE /v1/steward/admin/approvals/{id}} with {@code {"note": …}}. */
  byte[] revokeApproval(Function<String, @Nullable String> headers, String id, byte[] requestBody) {
    return guarded(
        headers,
        () -> {
          JsonNode body = RequestBodies.object(requestBody);
          ApprovalStorage.ApprovalRow a =
              approvals
                  .revoke(id, "admin", RequestBodies.text(body, "note"))
                  .orElseThrow(
                      () ->
                          new StewardException(
                              ErrorCode.NOT_FOUND,
                              "approval " + HttpFront.clip(id) + ": unknown or already revoked"));
          switched.run();
          LOG.warn("admin: approval {} revoked", id);
          return describe(a, clock.instant());
        });
  }

  /** {@code GET /v1/steward/admin/evaluations}: the latest 100 evaluation runs, newest first. */
  byte[] evaluations(Function<String, @Nullable String> headers) {
    return guarded(
        headers,
        () -> {
          ArrayNode data = JSON.createArrayNode();
          for (EvalStorage.EvalRunRow r : evaluations.runs(100)) {
            ObjectNode n = JSON.createObjectNode();
            n.put("id", r.id());
            n.put("suite", r.suite());
            n.put("suite_version", r.suiteVersion());
            n.put("model", r.alias());
            n.put("model_version", r.modelVersion());
            n.put("source", r.source());
            n.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
            n.put("started_at", r.startedAt().toString());
            if (r.finishedAt() != null) {
              n.put("finished_at", String.valueOf(r.finishedAt()));
            }
            n.put("samples", r.samplesTotal());
            n.put("completed", r.samplesDone());
            n.put("errors", r.errors());
            byte[] summary = r.summary();
            if (summary != null && summary.length > 2) {
              try {
                n.set("summary", JSON.readTree(summary));
              } catch (IOException e) {
                throw new StewardException(ErrorCode.INTERNAL, "run " + r.id() + ": bad summary");
              }
            }
            data.add(n);
          }
          ObjectNode out = JSON.createObjectNode();
          out.put("object", "list");
          out.set("data", data);
          return out;
        });
  }

  static ObjectNode describe(ApprovalStorage.ApprovalRow a, Instant now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("use_case", a.useCase());
    n.put("provider", a.provider());
    n.put("model", a.model());
    n.put("model_version", a.modelVersion());
    n.put("granted_at", a.grantedAt().toString());
    n.put("granted_by", a.grantedBy());
    n.put("expires_at", a.expiresAt().toString());
    ArrayNode runs = n.putArray("evidence");
    a.runIds().forEach(runs::add);
    n.put("active", a.activeAt(now));
    if (a.revokedAt() != null) {
      n.put("revoked_at", String.valueOf(a.revokedAt()));
      n.put("revoked_by", a.revokedBy());
      n.put("revoke_note", a.revokeReason());
    }
    return n;
  }

  static ObjectNode describe(KillSwitchStorage.KillSwitch s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", s.id());
    n.put("scope", s.scope());
    n.put("target", s.target());
    n.put("note", s.note());
    n.put("engaged_by", s.actor());
    n.put("engaged_at", s.engagedAt().toString());
    n.put("active", !s.lifted());
    if (s.liftedAt() != null) {
      n.put("lifted_at", String.valueOf(s.liftedAt()));
      n.put("lifted_by", s.liftedBy());
      n.put("lift_note", s.liftNote());
    }
    return n;
  }

  private static ObjectNode describe(ApiKeyRecord k) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", k.id());
    n.put("prefix", k.display());
    n.put("department", k.principal().department());
    n.put("service", k.principal().service());
    n.put("use_case", k.principal().useCase());
    n.put("label", k.label());
    n.put("created_at", k.createdAt().toString());
    if (k.revokedAt() != null) {
      n.put("revoked_at", k.revokedAt().toString());
    }
    return n;
  }

  private interface Action {
    JsonNode run();
  }

  /** Checks the admin key, runs the action and encodes its answer; blocks (database). */
  private byte[] guarded(Function<String, @Nullable String> headers, Action action) {
    authorise(headers);
    try {
      return JSON.writeValueAsBytes(action.run());
    } catch (IOException e) {
      throw new StewardException(ErrorCode.INTERNAL, "encoding failed");
    }
  }

  private void authorise(Function<String, @Nullable String> headers) {
    byte @Nullable [] expected = adminKey;
    if (expected == null) {
      throw new StewardException(
          ErrorCode.FORBIDDEN, "admin API disabled: the configuration sets no server.admin-key");
    }
    String presented = Authenticator.presentedKey(headers);
    if (presented == null) {
      throw new StewardException(ErrorCode.MISSING_KEY, "admin key required");
    }
    if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
      throw new StewardException(ErrorCode.FORBIDDEN, "not the admin key");
    }
  }
}
