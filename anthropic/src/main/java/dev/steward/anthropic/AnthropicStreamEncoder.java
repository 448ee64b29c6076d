package dev.steward.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.Usage;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one canonical stream into Anthropic's server-sent events, byte for byte as Anthropic frames
 * them ({@code event: <type>\ndata: <json>\n\n}). Not thread-safe: one encoder per stream, fed in
 * order.
 *
 * <p>Content blocks are numbered as they open: a text block when text first arrives, then one block
 * per tool call; a block is stopped when the next one opens or the choice finishes. Only choice 0
 * is sent (Anthropic has one answer per message); empty text and argument fragments are dropped.
 *
 * <p>A canonical stream may report usage after {@link StreamEvent.Finished}, while Anthropic's
 * {@code message_delta} carries both the stop reason and the usage. So {@code Finished} is held
 * until {@link StreamEvent.UsageReported} arrives, or until {@link #finish()} when the stream ends
 * without usage. {@code message_start} reports zero tokens (the counts are not known yet); the
 * final {@code message_delta} restates the input counts, which current Anthropic SDKs read.
 */
public final class AnthropicStreamEncoder {
  private enum Block {
    NONE,
    TEXT,
    TOOL
  }

  /** Canonical tool call index → content block index. */
  private final Map<Integer, Integer> blockByTool = new HashMap<>();

  private boolean started;
  private boolean ended;
  private int nextBlock;
  private int openBlock = -1;
  private Block open = Block.NONE;
  private StreamEvent.@Nullable Finished finished;
  private @Nullable Usage usage;

  AnthropicStreamEncoder() {}

  /**
   * Encodes one canonical event.
   *
   * @return the SSE bytes to send now, possibly none
   * @throws IllegalStateException when the canonical stream is out of order (content before {@link
   *     StreamEvent.Started}, a second start, a tool delta before its call started)
   */
  public byte[] encode(StreamEvent event) {
    if (ended) {
      return new byte[0];
    }
    StringBuilder out = new StringBuilder();
    switch (event) {
      case StreamEvent.Started s -> start(s, out);
      case StreamEvent.TextDelta t -> {
        requireStarted();
        if (t.choice() == 0 && !t.text().isEmpty() && finished == null) {
          if (open != Block.TEXT) {
            closeBlock(out);
            ObjectNode block = Wire.object().put("type", "text").put("text", "");
            openBlock(out, block, Block.TEXT);
          }
          ObjectNode delta = Wire.object().put("type", "text_delta").put("text", t.text());
          blockDelta(out, openBlock, delta);
        }
      }
      case StreamEvent.ToolCallStarted c -> {
        requireStarted();
        if (c.choice() == 0 && finished == null) {
          closeBlock(out);
          blockByTool.put(c.index(), nextBlock);
          ObjectNode block =
              Wire.object().put("type", "tool_use").put("id", c.id()).put("name", c.name());
          block.putObject("input");
          openBlock(out, block, Block.TOOL);
        }
      }
      case StreamEvent.ToolCallDelta d -> {
        requireStarted();
        if (d.choice() == 0 && !d.argumentsFragment().isEmpty() && finished == null) {
          Integer block = blockByTool.get(d.index());
          if (block == null) {
            throw new IllegalStateException(
                "tool call " + d.index() + ": arguments before the call started");
          }
          // Providers stream one call after another; were one to interleave, its fragments still
          // go to its own block (SDKs accumulate by index), after that block has stopped.
          ObjectNode delta =
              Wire.object()
                  .put("type", "input_json_delta")
                  .put("partial_json", d.argumentsFragment());
          blockDelta(out, block, delta);
        }
      }
      case StreamEvent.Finished f -> {
        requireStarted();
        if (f.choice() == 0 && finished == null) {
          closeBlock(out);
          finished = f;
          if (usage != null) {
            end(out);
          }
        }
      }
      case StreamEvent.UsageReported u -> {
        requireStarted();
        usage = u.usage();
        if (finished != null) {
          end(out);
        }
      }
    }
    return bytes(out);
  }

  /**
   * Ends the stream: the held {@code message_delta} (with the stop reason, or {@code end_turn} if
   * none came, and the usage, or zeros if none came) and {@code message_stop}. Returns nothing when
   * the stream already ended or never started; calling it again returns nothing.
   */
  public byte[] finish() {
    if (ended || !started) {
      return new byte[0];
    }
    StringBuilder out = new StringBuilder();
    closeBlock(out);
    end(out);
    return bytes(out);
  }

  /**
   * An {@code error} event for a failure after the stream began; the stream is over after it.
   * Anthropic sends such events too, e.g. {@code overloaded_error} mid-stream.
   */
  public byte[] error(StewardException e) {
    ended = true;
    String message = e.getMessage();
    StringBuilder out = new StringBuilder();
    event(
        out,
        "error",
        Wire.errorNode(e.code().anthropicType(), message == null ? e.code().reason() : message));
    return bytes(out);
  }

  private void start(StreamEvent.Started s, StringBuilder out) {
    if (started) {
      throw new IllegalStateException("stream: a second Started event");
    }
    started = true;
    ObjectNode root = Wire.object().put("type", "message_start");
    ObjectNode message = root.putObject("message");
    message.put("id", s.id());
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", s.model());
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", Wire.usageNode(Usage.ZERO));
    event(out, "message_start", root);
  }

  private void openBlock(StringBuilder out, ObjectNode contentBlock, Block kind) {
    openBlock = nextBlock++;
    open = kind;
    ObjectNode root = Wire.object().put("type", "content_block_start").put("index", openBlock);
    root.set("content_block", contentBlock);
    event(out, "content_block_start", root);
  }

  private void blockDelta(StringBuilder out, int index, ObjectNode delta) {
    ObjectNode root = Wire.object().put("type", "content_block_delta").put("index", index);
    root.set("delta", delta);
    event(out, "content_block_delta", root);
  }

  private void closeBlock(StringBuilder out) {
    if (open != Block.NONE) {
      event(
          out,
          "content_block_stop",
          Wire.object().put("type", "content_block_stop").put("index", openBlock));
      open = Block.NONE;
    }
  }

  private void end(StringBuilder out) {
    ended = true;
    StreamEvent.Finished f = finished;
    StopReason reason = f == null ? StopReason.END_TURN : f.reason();
    ObjectNode root = Wire.object().put("type", "message_delta");
    ObjectNode delta = root.putObject("delta");
    delta.put("stop_reason", Wire.stopReason(reason));
    if (f != null && f.stopSequence() != null) {
      delta.put("stop_sequence", f.stopSequence());
    } else {
      delta.putNull("stop_sequence");
    }
    root.set("usage", Wire.usageNode(usage == null ? Usage.ZERO : usage));
    event(out, "message_delta", root);
    event(out, "message_stop", Wire.object().put("type", "message_stop"));
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("stream: content before the Started event");
    }
  }

  private static void event(StringBuilder out, String name, ObjectNode data) {
    out.append("event: ").append(name).append("\ndata: ").append(Wire.text(data)).append("\n\n");
  }

  private static byte[] bytes(StringBuilder out) {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
