package io.mediawhisperer.auth;

import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The HS256 key for access tokens: from configuration when given (every auth node of a cluster
 * needs the same one), otherwise generated once into {@code <data-dir>/jwt.key}, readable by its
 * owner only.
 */
final class SigningKey {

  static final String FILE = "jwt.key";

  private SigningKey() {
  }

  static Future<String> load(Vertx vertx, JsonObject config) {
    String configured = config.getString(ConfigKeys.JWT_SECRET.name());
    if (configured != null && !configured.isBlank()) {
      if (configured.length() < 32) {
        return Future.failedFuture(new IllegalArgumentException(
            ConfigKeys.JWT_SECRET.name() + " must have at least 32 characters"));
      }
      return Future.succeededFuture(configured);
    }
    Path file = Path.of(config.getString(ConfigKeys.DATA_DIR.name(), "./data"), FILE);
    return vertx.executeBlocking(() -> readOrCreate(file));
  }

  private static String readOrCreate(Path file) throws Exception {
    if (!Files.exists(file)) {
      Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
      Path draft = Files.createTempFile(dir, FILE, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(draft, Base64.getEncoder().encodeToString(Tokens.randomBytes(32)), StandardCharsets.US_ASCII);
        // a hard link appears whole or not at all, and fails if another instance got there first
        Files.createLink(file, draft);
      } catch (FileAlreadyExistsException raced) {
        // another auth instance of this node wrote the key first: use theirs
      } finally {
        Files.deleteIfExists(draft);
      }
    }
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }
}
