package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The per-request work shared by every candidate: identical Jackson parse / build / re-encode. */
public final class Work {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final String KEY = "Bearer sk-bench-dummy-key";
  public static final byte[] UNAUTHORIZED =
      "{\"error\":{\"message\":\"invalid api key\",\"type\":\"invalid_request_error\"}}".getBytes();
  public static final byte[] BAD_GATEWAY =
      "{\"error\":{\"message\":\"upstream failed\",\"type\":\"upstream_error\"}}".getBytes();

  private Work() {}

  public static boolean authorized(String header) {
    return KEY.equals(header);
  }

  /** Upstream request body built from the client's body. */
  public record Upstream(byte[] body, boolean stream) {}

  public static Upstream prepare(byte[] clientBody) throws IOException {
    JsonNode in = MAPPER.readTree(clientBody);
    ObjectNode out = MAPPER.createObjectNode();
    out.put("model", in.path("model").asText());
    out.set("messages", in.get("messages"));
    for (String f : new String[] {"temperature", "max_tokens", "user", "stream"}) {
      JsonNode v = in.get(f);
      if (v != null) out.set(f, v);
    }
    return new Upstream(MAPPER.writeValueAsBytes(out), in.path("stream").asBoolean(false));
  }

  /** Parse the upstream's JSON answer and re-encode it. */
  public static byte[] reencode(byte[] upstreamBody) throws IOException {
    return MAPPER.writeValueAsBytes(MAPPER.readTree(upstreamBody));
  }

  public static int arg(String[] a, int i, int dflt) {
    return a.length > i ? Integer.parseInt(a[i]) : dflt;
  }
}
