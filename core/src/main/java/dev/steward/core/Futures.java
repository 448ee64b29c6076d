package dev.steward.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The few helpers Steward's asynchronous request path shares. */
public final class Futures {
  private static final ExecutorService BLOCKING =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("steward-blocking-", 0).factory());

  private Futures() {}

  /**
   * Where blocking work (a provider adapter without a non-blocking path, a database lookup, a
   * durable write) runs so that it never holds an event loop: one virtual thread per task.
   */
  public static Executor blocking() {
    return BLOCKING;
  }

  /** Runs blocking work on {@link #blocking()}; its exception completes the stage. */
  public static <T extends @Nullable Object> CompletableFuture<T> offload(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, BLOCKING);
  }

  /** The failure a stage completed with, without the {@link CompletionException} wrapper. */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** A stage that has already failed. */
  public static <T> CompletableFuture<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }

  /**
   * Waits for a stage on the calling (virtual) thread and returns its value; a failure is rethrown
   * as it was (a {@link RuntimeException} or {@link Error} unwrapped, anything else wrapped in a
   * {@link CompletionException}). Never call it on an event loop.
   */
  public static <T extends @Nullable Object> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting");
    } catch (ExecutionException e) {
      Throwable cause = unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    }
  }
}
