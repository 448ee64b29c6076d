package bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/** (d) Vert.x 5 server + HttpClient on the event loop; one verticle (server + client) per core. */
public final class Main extends VerticleBase {
  static int port, jsonPort, streamPort;
  HttpClientAgent client;

  public static void main(String[] a) {
    port = Work.arg(a, 0, 18193);
    jsonPort = Work.arg(a, 1, 18180);
    streamPort = Work.arg(a, 2, 18182);
    int instances = Work.arg(a, 3, Runtime.getRuntime().availableProcessors());
    boolean epoll = a.length > 4 && a[4].equals("epoll");
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(epoll));
    System.out.println("native transport: " + vertx.isNativeTransportEnabled());
    vertx.deployVerticle(Main::new, new DeploymentOptions().setInstances(instances));
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(120).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(256));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setAcceptBacklog(4096))
        .requestHandler(this::handle)
        .listen();
  }

  void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    if (!Work.authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
      res.setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(Work.UNAUTHORIZED));
      return;
    }
    req.body().compose(body -> {
      Work.Upstream up;
      try {
        up = Work.prepare(body.getBytes());
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
      RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
          .setPort(up.stream() ? streamPort : jsonPort).setURI("/v1/chat/completions")
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      return client.request(o).compose(creq -> creq.send(Buffer.buffer(up.body()))).compose(cres -> {
        if (!up.stream()) {
          return cres.body().map(b -> {
            try {
              byte[] out = Work.reencode(b.getBytes());
              res.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(out));
              return null;
            } catch (Exception e) {
              throw new RuntimeException(e);
            }
          });
        }
        res.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader("Cache-Control", "no-cache");
        cres.handler(res::write);
        cres.endHandler(v -> res.end());
        return Future.succeededFuture();
      });
    }).onFailure(t -> {
      if (!res.headWritten()) res.setStatusCode(502).end(Buffer.buffer(Work.BAD_GATEWAY));
      else res.reset();
    });
  }
}
