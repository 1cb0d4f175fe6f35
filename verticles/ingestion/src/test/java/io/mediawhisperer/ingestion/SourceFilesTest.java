package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.blob.BlobLayout;
import io.mediawhisperer.blob.Blobs;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.testing.Await;
import io.mediawhisperer.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a parser reads a source's original: with the local blob store, the file the upload was
 * received into (moved into the store, never copied); with the store in the database (a cluster),
 * a copy in the scratch directory that lasts as long as the parse.
 */
class SourceFilesTest {

  @TempDir
  Path dataDir;

  private final Vertx vertx = Vertx.vertx();
  private final UUID user = UUID.randomUUID();
  private final UUID source = UUID.randomUUID();
  private final byte[] bytes = new byte[300_000];
  private Blobs blobs;

  {
    new Random(12).nextBytes(bytes);
  }

  @AfterEach
  void close() {
    if (blobs != null) {
      Await.result(blobs.close());
    }
    Await.result(vertx.close());
  }

  private SourceFiles open(JsonObject config) {
    blobs = Await.result(Blobs.acquire(vertx, config.put(ConfigKeys.DATA_DIR.name(), dataDir.toString())));
    return new SourceFiles(blobs, dataDir.resolve("uploads"));
  }

  @Test
  void withTheLocalStoreTheParserReadsTheReceivedFileItself() throws Exception {
    SourceFiles files = open(new JsonObject());
    // as the http verticle leaves an upload and ingestion takes it over
    Path received = Files.write(Files.createDirectories(dataDir.resolve("uploads")).resolve("received"), bytes);
    Object inode = fileKey(received);
    String upload = BlobLayout.newUpload();
    blobs.store().moveIn(upload, received);
    blobs.store().rename(upload, files.original(user, source));

    Path parsed = files.withOriginal(user, source, file -> {
      assertThat(filesIn(dataDir.resolve("uploads"))).as("no copy is made").isZero();
      return file;
    });

    assertThat(fileKey(parsed)).as("the parser read the very file the upload was written to").isEqualTo(inode);
    assertThat(parsed).hasBinaryContent(bytes);
  }

  @Test
  void withTheStoreInTheDatabaseTheParserReadsACopyThatGoesWithTheParse() throws Exception {
    SourceFiles files = open(new JsonObject().put(ConfigKeys.BLOB_STORE.name(), "postgres")
        .put(ConfigKeys.DB_URL.name(), TestDatabase.url()).put("blob-store-table", "blobs_source_files_test"));
    blobs.store().put(files.original(user, source), new java.io.ByteArrayInputStream(bytes));

    Path parsed = files.withOriginal(user, source, file -> {
      assertThat(file.getParent()).isEqualTo(dataDir.resolve("uploads"));
      assertThat(file).hasBinaryContent(bytes);
      return file;
    });

    assertThat(parsed).doesNotExist();
    assertThat(filesIn(dataDir.resolve("uploads"))).isZero();
    blobs.store().deletePrefix(files.prefix(user, source));
    assertThatThrownBy(() -> files.withOriginal(user, source, file -> file))
        .satisfies(e -> assertThat(Failure.from(e).status()).isEqualTo(404))
        .hasMessageContaining("upload it again");
  }

  private static Object fileKey(Path file) throws IOException {
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    assertThat(key).as("this file system tells files apart").isNotNull();
    return key;
  }

  private static long filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
