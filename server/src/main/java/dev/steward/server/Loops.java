package dev.steward.server;

import dev.steward.core.Futures;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/** Getting back to the event loop a request runs on after waiting on another thread. */
final class Loops {
  private Loops() {}

  /** The calling event loop, or (off any loop, as in tests) the blocking executor. */
  static Executor here() {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Futures.blocking();
    }
    return task -> context.runOnContext(v -> task.run());
  }
}
