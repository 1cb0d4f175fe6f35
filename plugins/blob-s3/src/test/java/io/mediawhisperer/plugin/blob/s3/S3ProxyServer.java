package io.mediawhisperer.plugin.blob.s3;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server in the test JVM: s3proxy on 127.0.0.1 (a free port), keeping its objects in
 * memory (jclouds' "transient" back end), and checking every request's AWS signature against one
 * access key and a secret made for this server. It can be stopped and started again on the same
 * port with the same objects, as a server that goes away and comes back.
 *
 * <p>Not the "filesystem-nio2" back end: there a GET racing a PUT of the same key once returned
 * bytes of neither version (the blob store contract's concurrent test, in CI), which S3 never does:
 * a GET reads one whole version.
 *
 * <p>For other modules' tests too (this module's test-jar): {@link #settings(String)} gives the
 * {@code blob-store-*} settings (without the prefix) that reach a bucket here.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "mw-test-access-key";
  public static final String REGION = "us-east-1";

  private final String secretKey = "mw-test-secret-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
  private final BlobStoreContext backend;
  private S3Proxy proxy;
  private int port;

  private S3ProxyServer() {
    this.backend = ContextBuilder.newBuilder("transient").credentials("local", "local").overrides(new Properties())
        .build(BlobStoreContext.class);
  }

  /** Starts a server with no objects. */
  public static S3ProxyServer start() throws Exception {
    S3ProxyServer server = new S3ProxyServer();
    try {
      server.startOn(0);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void startOn(int wantedPort) throws Exception {
    S3Proxy started = S3Proxy.builder()
        .blobStore(backend.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secretKey)
        // the SDK sends x-amz-checksum-crc32 beside Content-MD5 on DeleteObjects, a header this
        // s3proxy does not know and would refuse (501); it still checks the Content-MD5
        .ignoreUnknownHeaders(true)
        .build();
    started.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(started.getState())) {
      if (System.nanoTime() > deadline) {
        started.stop();
        throw new IllegalStateException("s3proxy did not start on port " + wantedPort + ": " + started.getState());
      }
      Thread.sleep(10);
    }
    proxy = started;
    port = started.getPort();
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}; it stays the same across {@link #stop()} and {@link #restart()}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String secretKey() {
    return secretKey;
  }

  /** The settings of an "s3" blob store on {@code bucket} here, with this server's credentials. */
  public Map<String, String> settings(String bucket) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("endpoint", endpoint().toString());
    settings.put("region", REGION);
    settings.put("bucket", bucket);
    settings.put("access-key", ACCESS_KEY);
    settings.put("secret-key", secretKey);
    return settings;
  }

  public void createBucket(String bucket) {
    backend.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** The objects behind the server, read without S3 (what a test asserts is really there). */
  public BlobStore backend() {
    return backend.getBlobStore();
  }

  /** Stops answering: connections are refused until {@link #restart()}. */
  public synchronized void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  /** Starts again on the same port with the same objects. */
  public synchronized void restart() throws Exception {
    stop();
    startOn(port);
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      backend.close();
    }
  }
}
