package cn.onething.catalogue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** 循环 — the first cycle in a directed graph (node → successors), as its nodes in order. Pure. */
public final class Cycles {
  private static final int VISITING = 1;
  private static final int DONE = 2;

  private Cycles() {}

  /** The nodes of a cycle, its first node repeated at the end (a → b → a); null when there is none. */
  public static List<String> find(Map<String, List<String>> edges) {
    Map<String, Integer> state = new HashMap<>();
    for (String start : edges.keySet()) {
      List<String> cycle = visit(start, edges, state, new ArrayDeque<>());
      if (cycle != null) {
        return cycle;
      }
    }
    return null;
  }

  private static List<String> visit(String node, Map<String, List<String>> edges, Map<String, Integer> state, Deque<String> path) {
    Integer s = state.get(node);
    if (s != null && s == DONE) {
      return null;
    }
    if (s != null && s == VISITING) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String p : (Iterable<String>) path::descendingIterator) {
        in |= p.equals(node);
        if (in) {
          cycle.add(p);
        }
      }
      cycle.add(node);
      return cycle;
    }
    state.put(node, VISITING);
    path.push(node);
    for (String next : edges.getOrDefault(node, List.of())) {
      List<String> cycle = visit(next, edges, state, path);
      if (cycle != null) {
        return cycle;
      }
    }
    path.pop();
    state.put(node, DONE);
    return null;
  }
}
