package io.mediawhisperer.plugin.chatlog.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conversation's {@code mapping}, as ChatGPT and DeepSeek write it: an object of nodes keyed by
 * id, each {@code {parent, children, message}}, forming a tree whose paths are the versions of the
 * conversation (an edited prompt or a regenerated answer starts a new path). {@link #walk} finds
 * the main thread and every other path; the messages themselves are left to the format.
 *
 * <p>Exports are not always whole: a node may name a parent or children that are not in the file
 * (an excerpt), or lack {@code parent} (then the node listing it as a child is its parent). What
 * is there is read. Links that loop back make the conversation unreadable rather than the reader
 * loop forever: every walk keeps the set of nodes it has seen.
 */
final class MappingTree {

  /**
   * One entry of the mapping; {@code message} is null for structural nodes such as the root. Each
   * id has one Node, so nodes are compared by identity.
   */
  record Node(String id, String parent, List<String> children, JsonNode message) {
  }

  /** A path that is not the main thread: it leaves the main thread after {@code main().get(forkAfter)}. */
  record Branch(int forkAfter, List<Node> nodes) {
  }

  /**
   * The main thread (root first), the other paths to a leaf, and notes on what the file lacks
   * (sentences for the conversation's warnings).
   */
  record Walk(List<Node> main, List<Branch> branches, List<String> notes) {
  }

  private static final String CYCLE = "its messages' parent links form a cycle";

  private final Map<String, Node> nodes;

  private MappingTree(Map<String, Node> nodes) {
    this.nodes = nodes;
  }

  static MappingTree of(JsonNode mapping) throws UnreadableConversation {
    if (mapping == null || mapping.isNull() || mapping.isMissingNode()) {
      throw new UnreadableConversation("it has no messages (no mapping)");
    }
    if (!mapping.isObject()) {
      throw new UnreadableConversation("its mapping is not a set of messages");
    }
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    Map<String, String> listedUnder = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
      if (entry.getValue().isObject()) {
        entries.put(entry.getKey(), entry.getValue());
        for (String child : children(entry.getValue())) {
          listedUnder.putIfAbsent(child, entry.getKey());
        }
      }
    }
    if (entries.isEmpty()) {
      throw new UnreadableConversation("its mapping holds no messages");
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    entries.forEach((id, entry) -> {
      JsonNode parent = entry.get("parent");
      String parentId = parent == null ? listedUnder.get(id) : parent.isTextual() ? parent.asText() : null;
      JsonNode message = entry.get("message");
      nodes.put(id, new Node(id, parentId, children(entry), message == null || message.isNull() ? null : message));
    });
    return new MappingTree(nodes);
  }

  private static List<String> children(JsonNode entry) {
    List<String> children = new ArrayList<>();
    for (JsonNode child : entry.path("children")) {
      if (child.isTextual()) {
        children.add(child.asText());
      }
    }
    return children;
  }

  /**
   * The main thread is the path from the root to {@code current} (ChatGPT's {@code current_node})
   * when the file holds that node; otherwise it starts at {@code rootId} (DeepSeek's {@code "root"})
   * or the first node without a parent in the file, and follows the last child at each step (the
   * latest edit or regeneration). Every other leaf reachable from the root gives a branch.
   */
  Walk walk(String rootId, String current) throws UnreadableConversation {
    List<String> notes = new ArrayList<>();
    List<Node> main;
    if (current != null && nodes.containsKey(current)) {
      main = pathUpTo(nodes.get(current));
    } else {
      if (current != null) {
        notes.add("The message the export marks as the current one is not in the file, so the thread follows"
            + " the latest reply at each step.");
      }
      main = followLastChildren(root(rootId));
    }
    Node top = main.get(0);
    if (top.parent() != null && !nodes.containsKey(top.parent())) {
      notes.add("The conversation's first messages are not in the file; it starts with what is there.");
    }
    Set<String> seen = new HashSet<>();
    List<Branch> branches = otherPaths(main, seen);
    main.forEach(n -> seen.add(n.id()));
    long unconnected = nodes.values().stream().filter(n -> n.message() != null && !seen.contains(n.id())).count();
    if (unconnected > 0) {
      notes.add(unconnected + (unconnected == 1 ? " message is" : " messages are")
          + " not connected to the conversation's thread and " + (unconnected == 1 ? "was" : "were") + " left out.");
    }
    return new Walk(List.copyOf(main), branches, notes);
  }

  private List<Node> pathUpTo(Node current) throws UnreadableConversation {
    Deque<Node> path = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    for (Node node = current; node != null; node = node.parent() == null ? null : nodes.get(node.parent())) {
      if (!seen.add(node.id())) {
        throw new UnreadableConversation(CYCLE);
      }
      path.addFirst(node);
    }
    return new ArrayList<>(path);
  }

  private Node root(String rootId) throws UnreadableConversation {
    if (rootId != null && nodes.containsKey(rootId)) {
      return nodes.get(rootId);
    }
    for (Node node : nodes.values()) {
      if (node.parent() == null || !nodes.containsKey(node.parent())) {
        return node;
      }
    }
    // every node has a parent in the file: the links go round
    throw new UnreadableConversation(CYCLE);
  }

  private List<Node> followLastChildren(Node root) throws UnreadableConversation {
    List<Node> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node node = root; node != null; node = lastChild(node)) {
      if (!seen.add(node.id())) {
        throw new UnreadableConversation(CYCLE);
      }
      path.add(node);
    }
    return path;
  }

  private Node lastChild(Node node) {
    for (int i = node.children().size() - 1; i >= 0; i--) {
      Node child = nodes.get(node.children().get(i));
      if (child != null) {
        return child;
      }
    }
    return null;
  }

  /**
   * Every path from the main thread's root to a leaf other than the main thread's end, depth first
   * in the order of the children; {@code seen} is filled with the nodes reached. Iterative, since a
   * long conversation is a path thousands of nodes deep. A child that leads back to a node of the
   * path is a cycle; one already reached by another path (listed twice) is not walked again.
   */
  private List<Branch> otherPaths(List<Node> main, Set<String> seen) throws UnreadableConversation {
    List<Branch> branches = new ArrayList<>();
    List<Node> path = new ArrayList<>();
    Set<String> onPath = new HashSet<>();
    Deque<Iterator<String>> pending = new ArrayDeque<>();
    enter(main.get(0), path, onPath, pending, seen);
    while (!pending.isEmpty()) {
      Node next = nextUnseen(pending.peek(), onPath, seen);
      if (next != null) {
        enter(next, path, onPath, pending, seen);
        continue;
      }
      pending.pop();
      Node done = path.getLast();
      if (isLeaf(done) && done != main.getLast()) {
        branchOf(path, main, branches);
      }
      onPath.remove(path.removeLast().id());
    }
    return List.copyOf(branches);
  }

  private Node nextUnseen(Iterator<String> children, Set<String> onPath, Set<String> seen) throws UnreadableConversation {
    while (children.hasNext()) {
      String id = children.next();
      if (onPath.contains(id)) {
        throw new UnreadableConversation(CYCLE);
      }
      Node child = nodes.get(id);
      if (child != null && !seen.contains(id)) {
        return child;
      }
    }
    return null;
  }

  private static void enter(Node node, List<Node> path, Set<String> onPath, Deque<Iterator<String>> pending,
      Set<String> seen) {
    seen.add(node.id());
    onPath.add(node.id());
    path.add(node);
    pending.push(node.children().iterator());
  }

  private boolean isLeaf(Node node) {
    return node.children().stream().noneMatch(nodes::containsKey);
  }

  private static void branchOf(List<Node> path, List<Node> main, List<Branch> branches) {
    int shared = 0;
    while (shared < path.size() && shared < main.size() && path.get(shared) == main.get(shared)) {
      shared++;
    }
    if (shared > 0 && shared < path.size()) {
      branches.add(new Branch(shared - 1, List.copyOf(path.subList(shared, path.size()))));
    }
  }
}
