package dev.steward.provider;

import dev.steward.config.Timeouts;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Sends requests to providers without blocking. One transport is shared by every adapter; an
 * adapter prepares an {@link Endpoint} for each URI it calls, once, and then only sends bodies, so
 * nothing about the request but its body (and the few extra headers a call may carry) is built per
 * call.
 *
 * <p>Every exchange honours its endpoint's {@link Timeouts}: {@code connect} to obtain a
 * connection, {@code first-byte} from sending until the response headers, {@code idle} between two
 * body chunks (not counted while the reader has paused the body) and {@code total} for the whole
 * exchange. A timeout resets the connection and fails with an {@link
 * dev.steward.core.UpstreamException} coded {@link dev.steward.core.ErrorCode#UPSTREAM_TIMEOUT}.
 */
public interface HttpTransport extends AutoCloseable {

  /** A prepared request target: URI, fixed headers and timeouts. Made by one transport, for it. */
  interface Endpoint {
    URI uri();

    Map<String, String> headers();

    Timeouts timeouts();
  }

  /**
   * Prepares POST requests to {@code uri} carrying {@code headers} and a JSON body ({@code
   * Content-Type: application/json} is added).
   *
   * @throws IllegalArgumentException when the URI is not absolute {@code http} or {@code https}
   */
  Endpoint endpoint(URI uri, Map<String, String> headers, Timeouts timeouts);

  /**
   * Posts {@code body} to {@code endpoint}. The stage completes once the response headers have
   * arrived, with the body not yet read, whatever the status; it fails with an {@link
   * dev.steward.core.UpstreamException} when no connection or no response comes in time or at all.
   *
   * <p>Called on an event-loop context, the stage and the response's body complete on that same
   * context; called from any other thread, they complete on one of the transport's event loops.
   * Either way continuations must not block.
   *
   * @throws IllegalArgumentException when the endpoint was not made by this transport
   */
  default CompletionStage<UpstreamResponse> send(Endpoint endpoint, byte[] body) {
    return send(endpoint, Map.of(), body);
  }

  /**
   * As {@link #send(Endpoint, byte[])}, with {@code headers} added to this one request. The
   * endpoint's own headers win on a clash: a per-call header never replaces a configured one (such
   * as {@code Authorization}). Empty headers cost nothing.
   *
   * @throws IllegalArgumentException when the endpoint was not made by this transport
   */
  CompletionStage<UpstreamResponse> send(
      Endpoint endpoint, Map<String, String> headers, byte[] body);

  /** Closes the connections; exchanges still running fail. */
  @Override
  void close();
}
