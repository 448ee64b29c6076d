package bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** (b) Helidon SE 4.5 webserver (virtual thread per request) + java.net.http.HttpClient. */
public final class Main {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  static URI json;
  static URI stream;

  public static void main(String[] a) {
    int port = Work.arg(a, 0, 18191);
    json = URI.create("http://127.0.0.1:" + Work.arg(a, 1, 18180) + "/v1/chat/completions");
    stream = URI.create("http://127.0.0.1:" + Work.arg(a, 2, 18182) + "/v1/chat/completions");
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
    HttpRequest ureq =
        HttpRequest.newBuilder(up.stream() ? stream : json)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(up.body()))
            .build();
    if (!up.stream()) {
      HttpResponse<byte[]> r = CLIENT.send(ureq, HttpResponse.BodyHandlers.ofByteArray());
      res.header(HeaderValues.CONTENT_TYPE_JSON).send(Work.reencode(r.body()));
      return;
    }
    HttpResponse<InputStream> r = CLIENT.send(ureq, HttpResponse.BodyHandlers.ofInputStream());
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream").header(HeaderNames.CACHE_CONTROL, "no-cache");
    try (InputStream in = r.body(); OutputStream os = res.outputStream()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        os.write(buf, 0, n);
        os.flush();
      }
    }
  }
}
