package io.mediawhisperer.plugin.chatlog.chatgpt;

import io.mediawhisperer.spi.chatlog.ChatBranch;
import io.mediawhisperer.spi.chatlog.ChatMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main thread and the branches of a {@link MappingTree.Walk} as messages. Nodes without a
 * message to show (the root, hidden nodes, reasoning, empty ones) are passed over, so a branch's
 * {@code forkIndex} counts the main thread's shown messages before the fork.
 */
record Threads(List<ChatMessage> messages, List<ChatBranch> branches) {

  /** Reads one node's message, or empty when the node shows nothing. */
  @FunctionalInterface
  interface MessageReader {
    Optional<ChatMessage> read(MappingTree.Node node);
  }

  static Threads of(MappingTree.Walk walk, MessageReader reader) {
    // nodes of the main thread and of several branches are read once (and their warnings counted once)
    Map<String, Optional<ChatMessage>> read = new HashMap<>();
    MessageReader once = node -> read.computeIfAbsent(node.id(), id -> reader.read(node));
    List<ChatMessage> messages = new ArrayList<>();
    int[] shownUpTo = new int[walk.main().size()];
    for (int i = 0; i < walk.main().size(); i++) {
      once.read(walk.main().get(i)).ifPresent(messages::add);
      shownUpTo[i] = messages.size();
    }
    List<ChatBranch> branches = new ArrayList<>();
    for (MappingTree.Branch branch : walk.branches()) {
      List<ChatMessage> path = new ArrayList<>();
      for (MappingTree.Node node : branch.nodes()) {
        once.read(node).ifPresent(path::add);
      }
      if (!path.isEmpty()) {
        branches.add(new ChatBranch(shownUpTo[branch.forkAfter()], path));
      }
    }
    return new Threads(List.copyOf(messages), List.copyOf(branches));
  }
}
