package dev.steward.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

/** Collects the problems of one file, so that a load reports all of them at once. */
final class Problems {
  private final String file;
  private final List<ConfigProblem> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void at(Node node, String path, String message) {
    Mark mark = node.getStartMark().orElse(null);
    if (mark == null) {
      whole(path, message);
    } else {
      at(mark, path, message);
    }
  }

  void at(Mark mark, String path, String message) {
    found.add(new ConfigProblem(file, mark.getLine() + 1, mark.getColumn() + 1, path, message));
  }

  /** A problem of the whole file, with no position. */
  void whole(String path, String message) {
    found.add(new ConfigProblem(file, 0, 0, path, message));
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** The problems by position, in the order found where positions tie. */
  List<ConfigProblem> sorted() {
    List<ConfigProblem> out = new ArrayList<>(found);
    out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
    return out;
  }
}
