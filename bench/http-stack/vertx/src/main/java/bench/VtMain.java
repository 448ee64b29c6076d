package bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** (d') Vert.x 5 with ThreadingModel.VIRTUAL_THREAD: blocking-style handler using Future.await(). */
public final class VtMain extends VerticleBase {
  static int port, jsonPort, streamPort;
  HttpClientAgent client;

  public static void main(String[] a) throws InterruptedException {
    port = Work.arg(a, 0, 18202);
    jsonPort = Work.arg(a, 1, 18180);
    streamPort = Work.arg(a, 2, 18182);
    Vertx.vertx().deployVerticle(VtMain::new,
        new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD).setInstances(Work.arg(a, 3, 2)))
        .onComplete(r -> System.out.println("deploy: " + r.succeeded() + " " + r.cause()));
    Thread.currentThread().join(); // virtual-thread verticles leave no non-daemon thread: keep the JVM alive
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(120),
        new PoolOptions().setHttp1MaxSize(256));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096))
        .requestHandler(this::handle).listen();
  }

  void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    try {
      if (!Work.authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
        res.setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(Work.UNAUTHORIZED));
        return;
      }
      Work.Upstream up = Work.prepare(req.body().await().getBytes());
      RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
          .setPort(up.stream() ? streamPort : jsonPort).setURI("/v1/chat/completions")
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      HttpClientResponse cres = client.request(o).await().send(Buffer.buffer(up.body())).await();
      if (!up.stream()) {
        byte[] out = Work.reencode(cres.body().await().getBytes());
        res.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(out));
        return;
      }
      res.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader("Cache-Control", "no-cache");
      cres.handler(res::write);
      cres.endHandler(v -> res.end());
    } catch (Exception e) {
      if (!res.headWritten()) res.setStatusCode(502).end(Buffer.buffer(Work.BAD_GATEWAY));
      else res.reset();
    }
  }
}
