package dev.steward.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.injection.InjectionDetector;
import dev.steward.injection.Stripped;
import dev.steward.injection.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the injection detector off the event loops, on a small pool of its own, and remembers its
 * verdicts: a conversation sends its earlier turns again with every request, so most texts have
 * been judged before. Verdicts are kept by the SHA-256 of the text, never the text itself.
 *
 * <p>Fails closed: a detector error or a full queue fails the check with {@code guard.unavailable},
 * and the caller refuses the request rather than pass the text unjudged.
 */
final class InjectionChecks implements AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(InjectionChecks.class);

  /** Texts waiting for a worker before new ones are refused. */
  static final int QUEUE = 1024;

  private final InjectionDetector detector;
  private final ThreadPoolExecutor pool;
  private final Cache<String, Verdict> verdicts =
      Caffeine.newBuilder().maximumSize(50_000).expireAfterAccess(Duration.ofHours(1)).build();

  InjectionChecks(InjectionDetector detector, int threads) {
    this.detector = detector;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "steward-injection-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads the detector (about 1.5 s) with one worker per core. */
  static InjectionChecks load() {
    long t0 = System.nanoTime();
    InjectionDetector detector = InjectionDetector.create();
    LOG.info("injection guard loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    return new InjectionChecks(detector, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** The verdict on a text: at once when it was judged before, else from a worker. */
  CompletableFuture<Verdict> check(String text) {
    String key = key(text);
    Verdict known = verdicts.getIfPresent(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    CompletableFuture<Verdict> out = new CompletableFuture<>();
    try {
      pool.execute(
          () -> {
            try {
              Verdict v = detector.detect(text);
              verdicts.put(key, v);
              out.complete(v);
            } catch (RuntimeException e) {
              LOG.warn("injection check failed: {}", e.toString());
              out.completeExceptionally(unavailable("the injection guard failed"));
            }
          });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(unavailable("the injection guard is at capacity"));
    }
    return out;
  }

  /** The tool content with the matched injections cut out (rules only, no model). */
  Stripped strip(String text) {
    return detector.strip(text);
  }

  /** Texts waiting for a worker. */
  int queued() {
    return pool.getQueue().size();
  }

  private static StewardException unavailable(String why) {
    return new StewardException(
        ErrorCode.GUARD_UNAVAILABLE,
        why + "; the request was not passed on unchecked (retry later)",
        null,
        Duration.ofSeconds(1),
        null);
  }

  private static String key(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
