package bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * (c) Jetty 12.1 core handler + Jetty HttpClient. Args: port jsonPort streamPort mode, mode = vt (blocking
 * handler on virtual threads, default) | pt (blocking on platform pool threads) | async (non-blocking).
 */
public final class Main {
  static HttpClient client;
  static String json;
  static String stream;

  public static void main(String[] a) throws Exception {
    int port = Work.arg(a, 0, 18192);
    json = "http://127.0.0.1:" + Work.arg(a, 1, 18180) + "/v1/chat/completions";
    stream = "http://127.0.0.1:" + Work.arg(a, 2, 18182) + "/v1/chat/completions";
    String mode = a.length > 3 ? a[3] : "vt";

    client = new HttpClient();
    client.setMaxConnectionsPerDestination(256);
    client.setIdleTimeout(120_000);
    client.setUserAgentField(null);
    client.start();

    QueuedThreadPool pool = new QueuedThreadPool(200, 8);
    pool.setName("srv");
    if (mode.equals("vt")) pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    HttpConnectionFactory h1 = new HttpConnectionFactory();
    h1.getHttpConfiguration().setSendServerVersion(false);
    h1.getHttpConfiguration().setSendDateHeader(true);
    ServerConnector conn = new ServerConnector(server, h1);
    conn.setHost("127.0.0.1");
    conn.setPort(port);
    conn.setAcceptQueueSize(4096);
    server.addConnector(conn);
    server.setHandler(mode.equals("async") ? new Async() : new Blocking());
    server.start();
  }

  static boolean reject(Request req, Response res, Callback cb) {
    if (Work.authorized(req.getHeaders().get(HttpHeader.AUTHORIZATION))) return false;
    res.setStatus(401);
    send(res, Work.UNAUTHORIZED, cb);
    return true;
  }

  static void send(Response res, byte[] body, Callback cb) {
    res.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    res.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    res.write(true, ByteBuffer.wrap(body), cb);
  }

  /** Blocking pipeline (runs on a virtual thread in mode vt). */
  static final class Blocking extends Handler.Abstract {
    @Override
    public boolean handle(Request req, Response res, Callback cb) throws Exception {
      if (reject(req, res, cb)) return true;
      Work.Upstream up = Work.prepare(Content.Source.asInputStream(req).readAllBytes());
      var ureq =
          client.newRequest(up.stream() ? stream : json)
              .method(HttpMethod.POST)
              .timeout(30, TimeUnit.SECONDS)
              .body(new BytesRequestContent("application/json", up.body()));
      if (!up.stream()) {
        ContentResponse r = ureq.send();
        send(res, Work.reencode(r.getContent()), cb);
        return true;
      }
      InputStreamResponseListener l = new InputStreamResponseListener();
      ureq.send(l);
      l.get(30, TimeUnit.SECONDS);
      res.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      res.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      try (InputStream in = l.getInputStream(); OutputStream os = Content.Sink.asOutputStream(res)) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          os.write(buf, 0, n);
          os.flush();
        }
      }
      cb.succeeded();
      return true;
    }
  }

  /** Non-blocking pipeline (JSON only), for comparison. */
  static final class Async extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request req, Response res, Callback cb) {
      if (reject(req, res, cb)) return true;
      Content.Source.asByteArrayAsync(req, 1 << 20).whenComplete((bytes, err) -> {
        try {
          if (err != null) throw err;
          Work.Upstream up = Work.prepare(bytes);
          client.newRequest(json).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
              .body(new BytesRequestContent("application/json", up.body()))
              .send(new BufferingResponseListener() {
                @Override
                public void onComplete(org.eclipse.jetty.client.Result result) {
                  try {
                    if (result.isFailed()) throw result.getFailure();
                    send(res, Work.reencode(getContent()), cb);
                  } catch (Throwable t) {
                    res.setStatus(502);
                    send(res, Work.BAD_GATEWAY, cb);
                  }
                }
              });
        } catch (Throwable t) {
          cb.failed(t);
        }
      });
      return true;
    }
  }
}
