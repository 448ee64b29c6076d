package dev.steward.tlog;

/**
 * What readers of a log see: the tree's right edge and the signed checkpoint of the latest commit.
 * Immutable; the sequencer replaces it after each commit.
 */
final class LogState {
  private final TreeEdge edge;
  private final byte[] note;
  private final Checkpoint checkpoint;

  LogState(TreeEdge edge, byte[] note, Checkpoint checkpoint) {
    this.edge = edge;
    this.note = note;
    this.checkpoint = checkpoint;
  }

  TreeEdge edge() {
    return edge;
  }

  long size() {
    return edge.size();
  }

  /** The signed checkpoint, not copied: callers must not change it. */
  byte[] note() {
    return note;
  }

  Checkpoint checkpoint() {
    return checkpoint;
  }
}
