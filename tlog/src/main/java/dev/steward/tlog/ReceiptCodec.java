package dev.steward.tlog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The JSON form of a {@link Receipt} (version 1, {@code docs/spec/receipt.md}):
 *
 * <pre>{@code
 * {"version":1,"origin":"…","verifier_key":"…","checkpoint":"<signed note>",
 *  "entries":[{"index":N,"entry_b64":"…","inclusion_proof":["<base64 hash>",…]}]}
 * }</pre>
 *
 * Decoding is strict: every field is required, unknown and repeated fields are rejected (so that
 * nothing unverified rides along with verified data), base64 is standard, padded and canonical, and
 * indexes are integers in 0..2^64-1. {@link #decode} throws only {@link TlogException} (MALFORMED).
 */
public final class ReceiptCodec {
  /** The largest receipt {@link #decode} reads. */
  public static final int MAX_BYTES = 8 << 20;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final Set<String> FIELDS =
      Set.of("version", "origin", "verifier_key", "checkpoint", "entries");
  private static final Set<String> ENTRY_FIELDS = Set.of("index", "entry_b64", "inclusion_proof");
  private static final BigInteger MAX_INDEX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private ReceiptCodec() {}

  public static byte[] encode(Receipt receipt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", Receipt.VERSION);
    root.put("origin", receipt.origin());
    root.put("verifier_key", receipt.verifierKey());
    root.put("checkpoint", receipt.checkpoint());
    ArrayNode entries = root.putArray("entries");
    for (Receipt.Entry e : receipt.entries()) {
      ObjectNode n = entries.addObject();
      n.put("index", new BigInteger(Long.toUnsignedString(e.index())));
      n.put("entry_b64", Base64.getEncoder().encodeToString(e.entry()));
      ArrayNode proof = n.putArray("inclusion_proof");
      for (Hash h : e.inclusionProof()) {
        proof.add(h.base64());
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JacksonException e) {
      throw new IllegalStateException("receipt: cannot encode: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses a version 1 receipt; throws {@link TlogException} (MALFORMED) for anything else. */
  public static Receipt decode(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw TlogException.malformed(
          "receipt: " + json.length + " bytes (expected: at most " + MAX_BYTES + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
      throw TlogException.malformed(
          "receipt: not JSON: "
              + Encoding.shorten(String.valueOf(why))
              + " (expected: a JSON object)");
    }
    if (root == null || !root.isObject()) {
      throw TlogException.malformed("receipt: not a JSON object (expected: one)");
    }
    requireFields(root, FIELDS, "receipt");
    JsonNode version = root.get("version");
    if (!version.isIntegralNumber() || !version.bigIntegerValue().equals(BigInteger.ONE)) {
      throw TlogException.malformed(
          "receipt version: " + Encoding.shorten(version.toString()) + " (expected: 1)");
    }
    List<Receipt.Entry> entries = new ArrayList<>();
    JsonNode list = root.get("entries");
    if (!list.isArray()) {
      throw TlogException.malformed("receipt entries: not an array (expected: an array)");
    }
    for (int i = 0; i < list.size(); i++) {
      entries.add(entry(list.get(i), "receipt entries[" + i + "]"));
    }
    return new Receipt(
        text(root, "origin", "receipt"),
        text(root, "verifier_key", "receipt"),
        text(root, "checkpoint", "receipt"),
        entries);
  }

  private static Receipt.Entry entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw TlogException.malformed(where + ": not an object (expected: an object)");
    }
    requireFields(node, ENTRY_FIELDS, where);
    JsonNode index = node.get("index");
    if (!index.isIntegralNumber()
        || index.bigIntegerValue().signum() < 0
        || index.bigIntegerValue().compareTo(MAX_INDEX) > 0) {
      throw TlogException.malformed(
          where
              + ".index: "
              + Encoding.shorten(index.toString())
              + " (expected: an integer in 0..2^64-1)");
    }
    byte[] entry = Encoding.base64(text(node, "entry_b64", where), where + ".entry_b64");
    JsonNode proofNode = node.get("inclusion_proof");
    if (!proofNode.isArray()) {
      throw TlogException.malformed(
          where + ".inclusion_proof: not an array (expected: base64 hashes)");
    }
    if (proofNode.size() > Receipt.Entry.MAX_PROOF_HASHES) {
      throw TlogException.malformed(
          where
              + ".inclusion_proof: "
              + proofNode.size()
              + " hashes (expected: at most "
              + Receipt.Entry.MAX_PROOF_HASHES
              + ")");
    }
    List<Hash> proof = new ArrayList<>();
    for (int i = 0; i < proofNode.size(); i++) {
      JsonNode h = proofNode.get(i);
      if (!h.isTextual()) {
        throw TlogException.malformed(
            where + ".inclusion_proof[" + i + "]: not a string (expected: a base64 hash)");
      }
      try {
        proof.add(Hash.fromBase64(h.textValue()));
      } catch (TlogException e) {
        throw TlogException.malformed(where + ".inclusion_proof[" + i + "]: " + e.getMessage());
      }
    }
    return new Receipt.Entry(index.bigIntegerValue().longValue(), entry, proof);
  }

  private static void requireFields(JsonNode node, Set<String> expected, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!expected.contains(name)) {
        throw TlogException.malformed(
            where
                + ": unknown field '"
                + Encoding.shorten(name)
                + "' (expected: only "
                + String.join(", ", expected.stream().sorted().toList())
                + ")");
      }
    }
    for (String name : expected) {
      if (!node.has(name)) {
        throw TlogException.malformed(where + ": no field '" + name + "' (expected: one)");
      }
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw TlogException.malformed(where + "." + field + ": not a string (expected: a string)");
    }
    return v.textValue();
  }
}
