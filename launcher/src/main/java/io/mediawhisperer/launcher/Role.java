package io.mediawhisperer.launcher;

import io.mediawhisperer.auth.AuthVerticle;
import io.mediawhisperer.cleanup.CleanupVerticle;
import io.mediawhisperer.http.HttpVerticle;
import io.vertx.core.Deployable;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The roles a node can run and the verticles each deploys. Roles whose verticles arrive with
 * later work (ingestion, embedding, retrieval) are accepted so that a node's role list need not
 * change when they do; today they deploy nothing, and the node says so at start.
 */
enum Role {
  HTTP(HttpVerticle::new, Math.max(1, Runtime.getRuntime().availableProcessors())),
  AUTH(AuthVerticle::new, 1),
  INGESTION(null, 0),
  EMBEDDING(null, 0),
  RETRIEVAL(null, 0),
  CLEANUP(CleanupVerticle::new, 1);

  private final Supplier<Deployable> verticle;
  private final int instances;

  Role(Supplier<Deployable> verticle, int instances) {
    this.verticle = verticle;
    this.instances = instances;
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean deploysSomething() {
    return verticle != null;
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
