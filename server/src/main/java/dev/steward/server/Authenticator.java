package dev.steward.server;

import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApiKeys;
import dev.steward.store.KeyHash;
import dev.steward.store.KeyStorage;
import dev.steward.store.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks API keys. Keys are looked up by their SHA-256 hash (never stored or logged in the clear);
 * hits are cached in memory and the cache is dropped whenever the key store's version changes,
 * which a background poll checks a few times a second, so a key revoked by {@code steward keys
 * revoke} in another process stops working within half a second.
 */
final class Authenticator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  private static final int MAX_CACHED = 100_000;

  private final KeyStorage keys;
  private final ConcurrentHashMap<KeyHash, ApiKeyRecord> cache = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile long version;
  private volatile boolean closed;

  Authenticator(KeyStorage keys) {
    this.keys = keys;
    this.version = keys.version();
    this.poller = Thread.ofVirtual().name("steward-key-cache").start(this::poll);
  }

  /** The key a caller presented: {@code Authorization: Bearer …} or {@code x-api-key}. */
  static @Nullable String presentedKey(Function<String, @Nullable String> headers) {
    String auth = headers.apply("authorization");
    if (auth != null) {
      String a = auth.strip();
      if (a.length() > 7 && a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
        return a.substring(7).strip();
      }
      return a;
    }
    String apiKey = headers.apply("x-api-key");
    return apiKey == null ? null : apiKey.strip();
  }

  /** The principal a key stands for; fails with a reason code for a missing, bad or revoked key. */
  Principal authenticate(@Nullable String key) {
    return record(key).principal();
  }

  /** The key's record; fails as {@link #authenticate} does. Blocks on a cache miss. */
  ApiKeyRecord record(@Nullable String key) {
    KeyHash hash = hashOf(key);
    ApiKeyRecord cached = cache.get(hash);
    return unrevoked(cached != null ? cached : load(hash));
  }

  /**
   * {@link #authenticate} without blocking: a cached key answers at once, on the calling thread; a
   * miss is looked up on a virtual thread.
   */
  CompletionStage<ApiKeyRecord> authenticateAsync(@Nullable String key) {
    KeyHash hash;
    try {
      hash = hashOf(key);
    } catch (StewardException e) {
      return CompletableFuture.failedFuture(e);
    }
    ApiKeyRecord cached = cache.get(hash);
    if (cached != null) {
      try {
        return CompletableFuture.completedFuture(unrevoked(cached));
      } catch (StewardException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return Futures.offload(() -> unrevoked(load(hash)));
  }

  private static KeyHash hashOf(@Nullable String key) {
    if (key == null || key.isEmpty()) {
      throw new StewardException(
          ErrorCode.MISSING_KEY,
          "no API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
    if (!ApiKeys.isWellFormed(key)) {
      throw new StewardException(ErrorCode.INVALID_KEY, "API key not recognised");
    }
    return ApiKeys.hash(key);
  }

  private ApiKeyRecord load(KeyHash hash) {
    Optional<ApiKeyRecord> found = keys.findByHash(hash);
    if (found.isEmpty()) {
      throw new StewardException(ErrorCode.INVALID_KEY, "API key not recognised");
    }
    ApiKeyRecord record = found.get();
    if (cache.size() < MAX_CACHED) {
      cache.put(hash, record);
    }
    return record;
  }

  private static ApiKeyRecord unrevoked(ApiKeyRecord record) {
    if (record.revoked()) {
      throw new StewardException(
          ErrorCode.REVOKED_KEY, "API key " + record.display() + " has been revoked");
    }
    return record;
  }

  private void poll() {
    while (!closed) {
      try {
        Thread.sleep(250);
        long v = keys.version();
        if (v != version) {
          version = v;
          cache.clear();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Fail safe: with the store unreadable, drop the cache so revocations are not missed.
        cache.clear();
        LOG.warn("key store version check failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
  }
}
