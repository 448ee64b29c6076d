package bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.io.OutputStream;

/** (a) Helidon SE 4.5 webserver (virtual thread per request) + Helidon WebClient. Args: port jsonUpstreamPort streamUpstreamPort */
public final class Main {
  static WebClient json;
  static WebClient stream;

  public static void main(String[] a) {
    int port = Work.arg(a, 0, 18190);
    json = WebClient.builder().baseUri("http://127.0.0.1:" + Work.arg(a, 1, 18180)).build();
    stream = WebClient.builder().baseUri("http://127.0.0.1:" + Work.arg(a, 2, 18182)).build();
    WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .backlog(4096)
        .routing(r -> r.post("/v1/chat/completions", Main::handle))
        .build()
        .start();
  }

  static void handle(ServerRequest req, ServerResponse res) throws Exception {
    if (!Work.authorized(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
      res.status(Status.UNAUTHORIZED_401).header(HeaderValues.CONTENT_TYPE_JSON).send(Work.UNAUTHORIZED);
      return;
    }
    Work.Upstream up = Work.prepare(req.content().as(byte[].class));
    WebClient client = up.stream() ? stream : json;
    try (HttpClientResponse r =
        client.post("/v1/chat/completions").header(HeaderValues.CONTENT_TYPE_JSON).submit(up.body())) {
      if (!up.stream()) {
        byte[] out = Work.reencode(r.as(byte[].class));
        res.header(HeaderValues.CONTENT_TYPE_JSON).send(out);
        return;
      }
      res.header(HeaderNames.CONTENT_TYPE, "text/event-stream").header(HeaderNames.CACHE_CONTROL, "no-cache");
      try (InputStream in = r.inputStream(); OutputStream os = res.outputStream()) {
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          os.write(buf, 0, n);
          os.flush();
        }
      }
    }
  }
}
