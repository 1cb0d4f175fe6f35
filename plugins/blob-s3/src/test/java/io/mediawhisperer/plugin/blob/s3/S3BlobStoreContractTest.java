package io.mediawhisperer.plugin.blob.s3;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreContract;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract kit against the "s3" blob store as configuration finds it, on a real S3 server
 * (s3proxy) in this JVM. Every test's directory names a key prefix of its own in one bucket, so the
 * same directory reaches the same store, a new one is empty, and the prefix setting is what keeps
 * the stores apart.
 */
class S3BlobStoreContractTest extends BlobStoreContract {

  private static final String BUCKET = "mw-contract";
  private static S3ProxyServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected BlobStore open(Path dir) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(server.settings(BUCKET));
    settings.put("prefix", "stores/" + dir.getFileName());
    return NamedPlugins.load(BlobStoreProvider.class, getClass().getClassLoader()).get("s3")
        .open(new BlobStoreContext(dir, null, new PluginSettings(settings)));
  }
}
