package dev.steward.tlog;

import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a log directory to a consistent state at open. The checkpoint is written last, so it is
 * the truth: a leftover temporary checkpoint is deleted, tiles and bundles beyond the checkpoint (a
 * batch cut short) are deleted, and the partial tiles at its size must hash to its root. A new
 * directory gets a signed checkpoint of the empty tree. Then the entries a {@link Journal} holds
 * beyond the checkpoint are published ({@link #replayJournal}).
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

  private Recovery() {}

  static LogState recover(TileStore store, NoteSigner signer) throws IOException {
    store.deleteCheckpointTemp();
    byte[] note = store.readCheckpoint();
    if (note == null) {
      if (store.hasTiles()) {
        throw new TlogException(
            TlogException.Code.CORRUPT,
            "log directory: "
                + store.dir()
                + " has tiles but no checkpoint (expected: both or neither)");
      }
      Checkpoint empty = Checkpoint.of(signer.name(), 0, Merkle.emptyRoot());
      byte[] signed = empty.sign(signer);
      store.replaceCheckpoint(signed);
      return new LogState(TreeEdge.empty(), signed, empty);
    }
    Note parsed;
    Checkpoint cp;
    try {
      parsed = Note.parse(note);
      cp = Checkpoint.parse(parsed.text());
    } catch (TlogException e) {
      throw new TlogException(
          TlogException.Code.CORRUPT, "checkpoint in " + store.dir() + ": " + e.getMessage(), e);
    }
    if (!cp.origin().equals(signer.name())) {
      throw new TlogException(
          TlogException.Code.CORRUPT,
          "checkpoint origin: '"
              + Encoding.shorten(cp.origin())
              + "' (expected: '"
              + signer.name()
              + "', the signer's name)");
    }
    if (cp.size() < 0) {
      throw new TlogException(
          TlogException.Code.CORRUPT,
          "checkpoint size: " + Long.toUnsignedString(cp.size()) + " (expected: below 2^63)");
    }
    int removed = store.discardBeyond(cp.size());
    if (removed > 0) {
      LOG.warn(
          "recovered transparency log {}: removed {} files beyond checkpoint size {}",
          store.dir(),
          removed,
          cp.size());
    }
    TreeEdge edge = TreeEdge.load(cp.size(), p -> readUnchecked(store, p));
    if (!edge.root().equals(cp.root())) {
      throw new TlogException(
          TlogException.Code.CORRUPT,
          "checkpoint root: "
              + cp.root()
              + " (expected: "
              + edge.root()
              + ", the root of the tiles at size "
              + cp.size()
              + ")");
    }
    if (!signedBy(parsed, signer)) {
      note = cp.sign(signer);
      store.replaceCheckpoint(note);
      LOG.info("re-signed checkpoint of {} with key {}", store.dir(), signer);
    }
    return new LogState(edge, note, cp);
  }

  /**
   * Publishes the entries the journal of the log holds beyond {@code state} (its recovered
   * checkpoint): acknowledged in {@link TileLog.Durability#JOURNAL} mode, perhaps not published
   * before a crash. One commit, as the writer's. Returns the state after it, or {@code state} if
   * there is nothing to replay.
   */
  static LogState replayJournal(TileStore store, NoteSigner signer, LogState state)
      throws IOException {
    List<byte[]> entries = Journal.entriesBeyond(store.dir(), state.size());
    if (entries.isEmpty()) {
      return state;
    }
    TreeEdge.Growth g = state.edge().append(entries);
    Checkpoint cp = Checkpoint.of(signer.name(), g.next().size(), g.next().root());
    byte[] note = store.commit(g.writes(), () -> cp.sign(signer));
    store.deletePartialsLater(g.completed());
    LOG.warn(
        "recovered transparency log {}: published {} journaled entries, size {} to {}",
        store.dir(),
        entries.size(),
        state.size(),
        cp.size());
    return new LogState(g.next(), note, cp);
  }

  private static boolean signedBy(Note note, NoteSigner signer) {
    try {
      note.verify(List.of(signer.verifier()));
      return true;
    } catch (TlogException e) {
      return false;
    }
  }

  private static byte @Nullable [] readUnchecked(TileStore store, TilePath p) {
    try {
      return store.read(p);
    } catch (IOException e) {
      throw new TlogException(TlogException.Code.IO, "tile " + p + ": " + e, e);
    }
  }
}
