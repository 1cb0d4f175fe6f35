package io.mediawhisperer.launcher;

import io.mediawhisperer.audiobook.AudiobookVerticle;
import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.chat.ChatVerticle;
import io.mediawhisperer.cleanup.CleanupVerticle;
import io.mediawhisperer.embedding.EmbeddingVerticle;
import io.mediawhisperer.generation.GenerationVerticle;
import io.mediawhisperer.http.HttpVerticle;
import io.mediawhisperer.ingestion.IngestionVerticle;
import io.mediawhisperer.retrieval.RetrievalVerticle;
import io.mediawhisperer.transcripts.TranscriptsVerticle;
import io.vertx.core.Deployable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The roles a node can run and the verticles each deploys. Retrieval runs one instance: it owns
 * the vector index, which has one writer.
 */
enum Role {
  HTTP(HttpVerticle::new, Math.max(1, Runtime.getRuntime().availableProcessors())),
  AUTH(AuthVerticle::new, 1),
  INGESTION(IngestionVerticle::new, 1),
  EMBEDDING(EmbeddingVerticle::new, 1),
  RETRIEVAL(RetrievalVerticle::new, 1),
  CHAT(ChatVerticle::new, 1),
  GENERATION(GenerationVerticle::new, 1),
  AUDIOBOOK(AudiobookVerticle::new, 1),
  TRANSCRIPTS(TranscriptsVerticle::new, 1),
  CLEANUP(CleanupVerticle::new, 1);

  /**
   * Deployment order on one node: what others call first, HTTP last, so a node takes requests only
   * once everything behind them answers (and queued jobs find embedding and retrieval up).
   */
  static final List<Role> START_ORDER = List.of(AUTH, EMBEDDING, RETRIEVAL, CHAT, GENERATION, TRANSCRIPTS, INGESTION, AUDIOBOOK, CLEANUP, HTTP);

  private final Supplier<Deployable> verticle;
  private final int instances;

  Role(Supplier<Deployable> verticle, int instances) {
    this.verticle = verticle;
    this.instances = instances;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  Supplier<Deployable> verticle() {
    return verticle;
  }

  int instances() {
    return instances;
  }

  static Set<Role> parse(String list) {
    if (list == null || list.isBlank()) {
      throw new IllegalArgumentException("no roles given; known roles: " + known());
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        continue;
      }
      roles.add(Arrays.stream(values()).filter(r -> r.id().equals(trimmed)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown role '" + trimmed + "'; known roles: " + known())));
    }
    return roles;
  }

  static List<String> known() {
    return Arrays.stream(values()).map(Role::id).toList();
  }

  static String describe(Set<Role> roles) {
    return roles.stream().map(Role::id).collect(Collectors.joining(","));
  }
}
