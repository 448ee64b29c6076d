package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApiKeys;
import dev.steward.store.KeyStorage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admin endpoints under {@code /v1/steward/admin}, for the holder of the admin key: list, create
 * and revoke API keys. A new key's plaintext is returned once, in the creating response.
 */
final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final byte @Nullable [] adminKey;
  private final KeyStorage keys;
  private final StewardConfig config;
  private final InstantSource clock;
  private final OpenAiWire errors;

  AdminApi(
      @Nullable String adminKey,
      KeyStorage keys,
      StewardConfig config,
      InstantSource clock,
      OpenAiWire errors) {
    this.adminKey = adminKey == null ? null : adminKey.getBytes(StandardCharsets.UTF_8);
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.errors = errors;
  }

  void routes(HttpRouting.Builder r) {
    r.get("/v1/steward/admin/keys", this::list)
        .post("/v1/steward/admin/keys", this::create)
        .delete("/v1/steward/admin/keys/{id}", this::revoke);
  }

  private void list(ServerRequest req, ServerResponse res) {
    guarded(
        req,
        res,
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

  private void create(ServerRequest req, ServerResponse res) {
    guarded(
        req,
        res,
        () -> {
          JsonNode body;
          try {
            body = JSON.readTree(req.content().inputStream().readNBytes(64 * 1024));
          } catch (IOException e) {
            throw new StewardException(ErrorCode.MALFORMED_JSON, "body: not valid JSON");
          }
          String department = text(body, "department");
          String service = text(body, "service");
          String useCase = text(body, "use_case");
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
          JsonNode label = body.get("label");
          NewApiKey created =
              ApiKeys.create(
                  Principal.of(department, service, useCase),
                  label == null || !label.isTextual() ? "" : label.asText(),
                  "admin-api",
                  clock.instant());
          keys.insert(created.record());
          LOG.info(
              "admin: key {} created for {}", created.record().id(), created.record().principal());
          ObjectNode out = describe(created.record());
          out.put("key", created.plaintext());
          return out;
        });
  }

  private void revoke(ServerRequest req, ServerResponse res) {
    guarded(
        req,
        res,
        () -> {
          String id = req.path().pathParameters().get("id");
          if (!keys.revoke(id, clock.instant())) {
            throw new StewardException(
                ErrorCode.NOT_FOUND, "key " + HttpFront.clip(id) + ": unknown or already revoked");
          }
          LOG.info("admin: key {} revoked", id);
          ObjectNode out = JSON.createObjectNode();
          out.put("id", id);
          out.put("revoked", true);
          return out;
        });
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw StewardException.invalid(field, field + ": missing (expected: a non-empty string)");
    }
    return v.asText();
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

  private void guarded(ServerRequest req, ServerResponse res, Action action) {
    String id = RequestIds.next(clock);
    res.header(HttpFront.REQUEST_ID, id);
    try {
      authorise(req);
      byte[] body = JSON.writeValueAsBytes(action.run());
      res.header("Content-Type", "application/json");
      res.send(body);
    } catch (StewardException e) {
      HttpFront.writeError(errors, res, e);
    } catch (IOException e) {
      HttpFront.writeError(
          errors, res, new StewardException(ErrorCode.INTERNAL, "encoding failed"));
    }
  }

  private void authorise(ServerRequest req) {
    byte @Nullable [] expected = adminKey;
    if (expected == null) {
      throw new StewardException(
          ErrorCode.FORBIDDEN, "admin API disabled: the configuration sets no server.admin-key");
    }
    String presented =
        Authenticator.presentedKey(
            name -> req.headers().first(HeaderNames.create(name)).orElse(null));
    if (presented == null) {
      throw new StewardException(ErrorCode.MISSING_KEY, "admin key required");
    }
    if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
      throw new StewardException(ErrorCode.FORBIDDEN, "not the admin key");
    }
  }
}
