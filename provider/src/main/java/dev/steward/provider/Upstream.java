package dev.steward.provider;

import dev.steward.config.Timeouts;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.UpstreamException;
import io.vertx.core.Context;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One adapter's way of calling its provider: sends through the shared {@link HttpTransport}, turns
 * a non-2xx answer into an exception in the vendor's terms, and names the provider in failures.
 * Every adapter calls through one of these, so this behaviour lives in one place.
 *
 * <p>Stages returned here fail with the {@link UpstreamException} itself (not wrapped).
 */
public final class Upstream {
  private static final byte[] NO_BODY = new byte[0];

  /** Turns a vendor's error answer into an exception, in that vendor's terms. */
  @FunctionalInterface
  public interface ErrorMapper {
    UpstreamException map(int status, byte[] body, @Nullable Duration retryAfter);
  }

  private final HttpTransport transport;
  private final InstantSource clock;
  private final String label;
  private final ErrorMapper errors;

  private Upstream(HttpTransport transport, InstantSource clock, String label, ErrorMapper errors) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.label = Objects.requireNonNull(label, "label");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  /**
   * @param clock the time for {@code Retry-After} dates
   * @param label names the provider in failures, e.g. {@code "upstream openai"}
   */
  public static Upstream of(
      HttpTransport transport, InstantSource clock, String label, ErrorMapper errors) {
    return new Upstream(transport, clock, label, errors);
  }

  /** Prepares an endpoint on the transport (once per URI and header set). */
  public HttpTransport.Endpoint endpoint(URI uri, Map<String, String> headers, Timeouts timeouts) {
    return transport.endpoint(uri, headers, timeouts);
  }

  /**
   * Posts a body and decodes the whole 2xx answer. A body that times out or breaks off fails as
   * {@code "<label>: answer timed out"} or {@code "<label>: answer broke off"}.
   */
  public <T> CompletionStage<T> call(
      HttpTransport.Endpoint endpoint, byte[] body, Function<byte[], T> decode) {
    return call(endpoint, Map.of(), body, decode);
  }

  /** As {@link #call(HttpTransport.Endpoint, byte[], Function)}, with per-call extra headers. */
  public <T> CompletionStage<T> call(
      HttpTransport.Endpoint endpoint,
      Map<String, String> headers,
      byte[] body,
      Function<byte[], T> decode) {
    CompletableFuture<T> result = new CompletableFuture<>();
    transport
        .send(endpoint, headers, body)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
              } else if (accepted(response)) {
                response
                    .body()
                    .whenComplete(
                        (bytes, bodyError) -> {
                          if (bodyError != null) {
                            result.completeExceptionally(unreadable(Futures.unwrap(bodyError)));
                            return;
                          }
                          try {
                            result.complete(decode.apply(bytes));
                          } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                          }
                        });
              } else {
                reject(response, result);
              }
            });
    return result;
  }

  /**
   * Posts a body and completes with the response once its status is 2xx, its body unread; a non-2xx
   * answer is read and fails the stage with what the error mapper makes of it.
   */
  public CompletionStage<UpstreamResponse> open(HttpTransport.Endpoint endpoint, byte[] body) {
    return open(endpoint, Map.of(), body);
  }

  /** As {@link #open(HttpTransport.Endpoint, byte[])}, with per-call extra headers. */
  public CompletionStage<UpstreamResponse> open(
      HttpTransport.Endpoint endpoint, Map<String, String> headers, byte[] body) {
    CompletableFuture<UpstreamResponse> result = new CompletableFuture<>();
    transport
        .send(endpoint, headers, body)
        .whenComplete(
            (response, error) -> {
              if (error != null) {
                result.completeExceptionally(Futures.unwrap(error));
              } else if (accepted(response)) {
                result.complete(response);
              } else {
                reject(response, result);
              }
            });
    return result;
  }

  private static boolean accepted(UpstreamResponse response) {
    return response.status() >= 200 && response.status() < 300;
  }

  private void reject(UpstreamResponse response, CompletableFuture<?> result) {
    int status = response.status();
    response
        .body()
        .whenComplete(
            (bytes, ignored) -> {
              try {
                result.completeExceptionally(
                    errors.map(
                        status,
                        bytes != null ? bytes : NO_BODY,
                        RetryAfter.of(response, clock.instant())));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
  }

  private RuntimeException unreadable(Throwable cause) {
    if (cause instanceof UpstreamException e) {
      boolean timeout = e.code() == ErrorCode.UPSTREAM_TIMEOUT;
      return UpstreamException.io(
          label + (timeout ? ": answer timed out" : ": answer broke off"), timeout, e);
    }
    return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
  }

  /**
   * Waits for a stage on the calling thread, for the blocking methods of adapters; fails at once on
   * an event-loop thread, where waiting would deadlock the transport.
   *
   * @throws IllegalStateException on an event-loop thread
   */
  public static <T extends @Nullable Object> T await(CompletionStage<T> stage) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException(
          "blocking provider call on event-loop thread "
              + Thread.currentThread().getName()
              + " (expected: the asynchronous method, or a call from a virtual thread)");
    }
    return Futures.join(stage);
  }
}
