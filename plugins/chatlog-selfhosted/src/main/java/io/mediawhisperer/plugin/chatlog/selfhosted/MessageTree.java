package io.mediawhisperer.plugin.chatlog.selfhosted;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages of one conversation as the tree the service keeps (an edited prompt or a
 * regenerated answer is a second child of the same parent), turned into the main thread and its
 * branches. A node is one message of the export; it may stand for no message we keep (an empty
 * one) or for several (a tool call, then the answer), so fork indexes count kept messages.
 *
 * <p>All walks are loops, not recursion: a long conversation is a deep tree.
 */
final class MessageTree {

  /** One message of the export: its id, its parent's (null or unknown for a root), what it is read as, its time. */
  record Node(String id, String parentId, List<ChatMessage> messages, Instant time) {
  }

  /** The main thread and the other paths. */
  record Threads(List<ChatMessage> main, List<ChatBranch> branches) {
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();
  private final List<String> roots = new ArrayList<>();
  private int duplicates;

  /** Adds a node in document order; a second node with an id already seen is left out (counted). */
  void add(Node node) {
    if (nodes.putIfAbsent(node.id(), node) != null) {
      duplicates++;
    }
  }

  boolean isEmpty() {
    return nodes.isEmpty();
  }

  int duplicates() {
    return duplicates;
  }

  boolean contains(String id) {
    return id != null && nodes.containsKey(id);
  }

  /** Links the nodes; fails when parent links form a cycle (no walk up from such a node ends at a root). */
  private void link() throws UnreadableConversation {
    children.clear();
    roots.clear();
    for (Node node : nodes.values()) {
      if (contains(node.parentId()) && !node.parentId().equals(node.id())) {
        children.computeIfAbsent(node.parentId(), k -> new ArrayList<>()).add(node.id());
      } else if (node.parentId() != null && node.parentId().equals(node.id())) {
        throw UnreadableConversation.damaged("a message is its own parent");
      } else {
        roots.add(node.id());
      }
    }
    // every node reaches a root unless it sits on (or below) a cycle
    Set<String> reached = new HashSet<>();
    List<String> stack = new ArrayList<>(roots);
    while (!stack.isEmpty()) {
      String id = stack.remove(stack.size() - 1);
      if (reached.add(id)) {
        stack.addAll(children.getOrDefault(id, List.of()));
      }
    }
    if (reached.size() < nodes.size()) {
      throw UnreadableConversation.damaged("the parent links of " + (nodes.size() - reached.size())
          + " of its messages form a cycle, so their order cannot be known");
    }
  }

  /**
   * The main thread is the path from a root to {@code current}; when {@code current} is null or
   * not in the tree, to the leaf {@code fallback} picks. Every leaf off that path becomes a branch.
   *
   * @param prefix messages that come before the tree (a conversation's system prompt); fork indexes count them
   */
  Threads threads(String current, LeafChoice fallback, List<ChatMessage> prefix) throws UnreadableConversation {
    link();
    String end = contains(current) ? current : fallback.choose(this);
    List<String> mainPath = pathTo(end);
    Map<String, Integer> mainDepth = new HashMap<>();
    List<Integer> messagesBefore = new ArrayList<>(); // kept messages before the main path's node at each depth
    List<ChatMessage> main = new ArrayList<>(prefix);
    for (String id : mainPath) {
      mainDepth.put(id, mainDepth.size());
      messagesBefore.add(main.size());
      main.addAll(nodes.get(id).messages());
    }
    messagesBefore.add(main.size());

    List<ChatBranch> branches = new ArrayList<>();
    for (String leaf : leaves()) {
      if (mainDepth.containsKey(leaf)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      String at = leaf;
      while (at != null && !mainDepth.containsKey(at)) {
        path.add(at);
        at = parentOf(at);
      }
      Collections.reverse(path);
      int forkDepth = at == null ? 0 : mainDepth.get(at) + 1;
      List<ChatMessage> messages = new ArrayList<>();
      for (String id : path) {
        messages.addAll(nodes.get(id).messages());
      }
      if (!messages.isEmpty()) {
        branches.add(new ChatBranch(messagesBefore.get(forkDepth), messages));
      }
    }
    return new Threads(main, branches);
  }

  /** Picks the end of the main thread when the export does not say which it is. */
  interface LeafChoice {
    String choose(MessageTree tree);
  }

  /** The last root, then the last child at each step: what a UI shows when nothing was chosen. */
  static String lastChildAtEachStep(MessageTree tree) {
    String at = tree.roots.get(tree.roots.size() - 1);
    List<String> next;
    while (!(next = tree.children.getOrDefault(at, List.of())).isEmpty()) {
      at = next.get(next.size() - 1);
    }
    return at;
  }

  /**
   * The leaf whose path holds the newest time (a leaf written without a time counts with its
   * newest ancestor's); on a tie the later leaf in the document, which is the last sibling, the one
   * LibreChat shows by default.
   */
  static String newestLeaf(MessageTree tree) {
    Map<String, Instant> newest = new HashMap<>();
    for (String root : tree.roots) {
      List<String> stack = new ArrayList<>(List.of(root));
      while (!stack.isEmpty()) {
        String id = stack.remove(stack.size() - 1);
        Instant own = tree.nodes.get(id).time();
        Instant inherited = newest.get(tree.parentOf(id));
        newest.put(id, later(own, inherited));
        stack.addAll(tree.children.getOrDefault(id, List.of()));
      }
    }
    String best = null;
    for (String leaf : tree.leaves()) {
      if (best == null || !isBefore(newest.get(leaf), newest.get(best))) {
        best = leaf;
      }
    }
    return best;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static boolean isBefore(Instant a, Instant b) {
    if (a == null) {
      return b != null;
    }
    return b != null && a.isBefore(b);
  }

  private String parentOf(String id) {
    String parent = nodes.get(id).parentId();
    return contains(parent) ? parent : null;
  }

  /** Leaves in document order. */
  private List<String> leaves() {
    List<String> leaves = new ArrayList<>();
    for (String id : nodes.keySet()) {
      if (!children.containsKey(id)) {
        leaves.add(id);
      }
    }
    return leaves;
  }

  private List<String> pathTo(String end) {
    List<String> path = new ArrayList<>();
    for (String at = end; at != null; at = parentOf(at)) {
      path.add(at);
    }
    Collections.reverse(path);
    return path;
  }
}
