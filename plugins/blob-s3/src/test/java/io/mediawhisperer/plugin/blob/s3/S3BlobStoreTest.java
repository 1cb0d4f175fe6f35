package io.mediawhisperer.plugin.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobStore;
import io.mediawhisperer.spi.blob.BlobStoreContext;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the contract kit cannot see: the S3 requests behind each operation (one PutObject or a
 * multipart upload, a Range request, batched deletes, a multipart copy), and the failures an S3
 * store meets (no bucket, wrong credentials, the server going away in the middle of an upload),
 * each against a real S3 server (s3proxy) in this JVM. Every test has a bucket of its own.
 */
class S3BlobStoreTest {

  private static final int MIB = 1024 * 1024;
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyServer server;

  private final RequestLog log = new RequestLog();
  private S3BlobStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ------------------------------------------------------------------ the requests behind each operation

  @Test
  void aStreamLongerThanAPartGoesUpInPartsAndOneShorterInOnePut() throws Exception {
    store = open(newBucket(), Map.of());
    byte[] large = bytes(1, 20 * MIB + 123);
    byte[] small = bytes(2, 8 * MIB - 1);

    assertThat(store.put("big", new ByteArrayInputStream(large))).isEqualTo(large.length);
    assertThat(log.count("CreateMultipartUpload")).isEqualTo(1);
    assertThat(log.count("UploadPart")).as("parts of 8 MiB, 8 MiB and 4 MiB + 123 bytes").isEqualTo(3);
    assertThat(log.count("CompleteMultipartUpload")).isEqualTo(1);
    assertThat(log.count("PutObject")).isZero();

    log.clear();
    assertThat(store.put("small", new ByteArrayInputStream(small))).isEqualTo(small.length);
    assertThat(log.count("PutObject")).isEqualTo(1);
    assertThat(log.count("CreateMultipartUpload")).isZero();

    assertThat(read(store, "big")).isEqualTo(large);
    assertThat(read(store, "small")).isEqualTo(small);
    assertThat(store.list("", null, 10)).extracting(BlobInfo::key, BlobInfo::size)
        .containsExactly(tuple("big", (long) large.length), tuple("small", (long) small.length));
  }

  @Test
  void aStreamThatFailsDuringAMultipartUploadIsAbortedAndLeavesTheOldBlob() throws Exception {
    String bucket = newBucket();
    store = open(bucket, Map.of());
    byte[] old = bytes(3, 100_000);
    store.put("k", new ByteArrayInputStream(old));
    InputStream failing = new FilterInputStream(new ByteArrayInputStream(bytes(4, 30 * MIB))) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 12 * MIB) {
          throw new IOException("the client went away");
        }
        int n = super.read(b, off, Math.min(len, 64 * 1024)); // in pieces, as from a network
        read += Math.max(0, n);
        return n;
      }
    };

    assertThatThrownBy(() -> store.put("k", failing)).isInstanceOf(IOException.class).hasMessage("the client went away");

    assertThat(log.count("UploadPart")).as("the first part went up before the stream failed").isEqualTo(1);
    assertThat(log.count("AbortMultipartUpload")).isEqualTo(1);
    assertThat(log.count("CompleteMultipartUpload")).isZero();
    assertThat(read(store, "k")).isEqualTo(old);
    assertThat(store.list("", null, 10)).extracting(BlobInfo::key, BlobInfo::size).containsExactly(tuple("k", 100_000L));
    try (S3Client raw = rawClient(bucket)) {
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("no upload left open").isEmpty();
    }
  }

  @Test
  void aRangedReadAsksForExactlyThatRange() throws Exception {
    store = open(newBucket(), Map.of());
    byte[] content = bytes(5, MIB + 17);
    store.put("sources/u/s/original", new ByteArrayInputStream(content));

    try (BlobContent range = store.open("sources/u/s/original", 1000, 5000)) {
      assertThat(range.size()).isEqualTo(5000);
      assertThat(range.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 1000, 6000));
    }
    try (BlobContent tail = store.open("sources/u/s/original", content.length - 10, 10)) {
      assertThat(tail.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
    }
    try (BlobContent none = store.open("sources/u/s/original", 5, 0)) {
      assertThat(none.size()).isZero();
      assertThat(none.stream().read()).isEqualTo(-1);
    }
    assertThat(log.ranges()).as("only the bytes asked for were requested")
        .containsExactly("bytes=1000-5999", "bytes=" + (content.length - 10) + "-" + (content.length - 1));
    assertThatThrownBy(() -> store.open("missing", 0, 10)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("missing", 0, 0)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void aReaderThatStopsEarlyLeavesTheStoreWorking() throws Exception {
    store = open(newBucket(), Map.of());
    byte[] content = bytes(6, 12 * MIB);
    store.put("big", new ByteArrayInputStream(content));
    for (int i = 0; i < 40; i++) {
      // more than the client's connections: a connection drained or leaked here would run them out
      try (BlobContent c = store.open("big")) {
        assertThat(c.size()).isEqualTo(content.length);
        assertThat(c.stream().readNBytes(100)).isEqualTo(Arrays.copyOf(content, 100));
      }
    }
    assertThat(store.exists("big")).isTrue();
  }

  @Test
  void deletingByPrefixGoesAThousandKeysAtATime() throws Exception {
    store = open(newBucket(), Map.of());
    for (int i = 0; i < 1003; i++) {
      store.put("many/" + String.format("%04d", i), new ByteArrayInputStream(new byte[] {(byte) i}));
    }
    store.put("many-not", new ByteArrayInputStream(new byte[1]));
    log.clear();

    assertThat(store.deletePrefix("many/")).isEqualTo(1003);

    assertThat(log.count("DeleteObjects")).isEqualTo(2);
    assertThat(keys(store.list("", null, 2000))).containsExactly("many-not");
  }

  @Test
  void renamingAnObjectLargerThanOneCopyTakesCopiesItInPartsAndKeepsItsCreationTime() throws Exception {
    store = open(newBucket(), Map.of());
    store.singleCopyLimit = 5 * MIB;
    store.copyPartSize = 5 * MIB;
    byte[] content = bytes(7, 12 * MIB + 5);
    store.put("uploads/u1", new ByteArrayInputStream(content));
    Instant created = store.list("uploads/", null, 1).get(0).createdAt();
    Thread.sleep(1100); // S3's own times have seconds: a copy made in the same second could hide a lost time
    log.clear();

    store.rename("uploads/u1", "sources/u/s/original");

    assertThat(log.count("UploadPartCopy")).isEqualTo(3);
    assertThat(log.count("CopyObject")).isZero();
    assertThat(store.exists("uploads/u1")).isFalse();
    assertThat(read(store, "sources/u/s/original")).isEqualTo(content);
    List<BlobInfo> listed = store.list("", null, 10);
    assertThat(listed).extracting(BlobInfo::key, BlobInfo::size)
        .containsExactly(tuple("sources/u/s/original", (long) content.length));
    assertThat(listed.get(0).createdAt()).isEqualTo(created);
  }

  @Test
  void aRenamedBlobKeepsItsCreationTimeThoughS3StampsTheCopyAnew() throws Exception {
    String bucket = newBucket();
    store = open(bucket, Map.of());
    store.put("uploads/u2", new ByteArrayInputStream(bytes(14, 1000)));
    Instant created = store.list("uploads/", null, 1).get(0).createdAt();
    Thread.sleep(1100); // S3's own times have seconds: a copy in the same second could hide a lost time
    log.clear();

    store.rename("uploads/u2", "sources/u/s2/original");

    assertThat(log.count("CopyObject")).isEqualTo(1);
    assertThat(log.count("UploadPartCopy")).isZero();
    assertThat(store.list("", null, 10)).extracting(BlobInfo::key, BlobInfo::createdAt)
        .containsExactly(tuple("sources/u/s2/original", created));
    assertThat(server.backend().blobMetadata(bucket, "sources/u/s2/original").getLastModified().toInstant())
        .as("S3's own time is the copy's")
        .isAfter(created.plusMillis(999));
  }

  @Test
  void aKeyPrefixKeepsTheStoreInsideItsFolder() throws Exception {
    String bucket = newBucket();
    store = open(bucket, Map.of("prefix", "tenant-a"));
    store.put("sources/x", new ByteArrayInputStream(bytes(8, 10)));
    try (S3BlobStore neighbour = open(bucket, Map.of("prefix", "tenant-b"))) {
      neighbour.put("sources/y", new ByteArrayInputStream(bytes(9, 10)));
      assertThat(keys(store.list("", null, 10))).containsExactly("sources/x");
      assertThat(store.deletePrefix("sources/")).isEqualTo(1);
      assertThat(keys(neighbour.list("", null, 10))).containsExactly("sources/y");
    }
    assertThat(server.backend().blobExists(bucket, "tenant-b/sources/y")).as("the object's key in the bucket").isTrue();
  }

  // ------------------------------------------------------------------ failures

  @Test
  void aMissingBucketIsAClearErrorUnlessItMayBeCreated() throws Exception {
    Map<String, String> settings = new HashMap<>(server.settings("mw-no-such-bucket"));

    assertThatThrownBy(() -> provider().open(new BlobStoreContext(null, null, new PluginSettings(settings))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bucket 'mw-no-such-bucket' does not exist at " + server.endpoint())
        .hasMessageContaining("blob-store-create-bucket=true");
    assertThat(server.backend().containerExists("mw-no-such-bucket")).as("not created unasked").isFalse();

    settings.put("create-bucket", "true");
    try (BlobStore created = provider().open(new BlobStoreContext(null, null, new PluginSettings(settings)))) {
      created.put("k", new ByteArrayInputStream(bytes(10, 10)));
      assertThat(server.backend().containerExists("mw-no-such-bucket")).isTrue();
    }
    try (BlobStore again = provider().open(new BlobStoreContext(null, null, new PluginSettings(settings)))) {
      assertThat(read(again, "k")).as("an existing bucket is used as it is").isEqualTo(bytes(10, 10));
    }
  }

  @Test
  void aWrongSecretIsAccessDeniedWithoutTheSecretInTheMessage() throws Exception {
    String bucket = newBucket();
    String wrong = "wrong-secret-" + new Random().nextInt(1_000_000);
    Map<String, String> settings = new HashMap<>(server.settings(bucket));
    settings.put("secret-key", wrong);

    Throwable failure = catchFailure(() -> provider().open(new BlobStoreContext(null, null, new PluginSettings(settings))));

    assertThat(failure).isInstanceOf(IOException.class)
        .hasMessageContaining("bucket '" + bucket + "'").hasMessageContaining(server.endpoint().toString())
        .hasMessageContaining("HTTP 403").hasMessageContaining("access denied")
        .hasMessageContaining("blob-store-secret-key");
    String everything = stackTrace(failure);
    assertThat(everything).doesNotContain(wrong).doesNotContain(server.secretKey());
    assertThat(S3Settings.from(new PluginSettings(settings)).toString()).doesNotContain(wrong)
        .doesNotContain(S3ProxyServer.ACCESS_KEY);
  }

  @Test
  void anUnreachableServerIsAClearError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> settings = new HashMap<>(server.settings("anything"));
    settings.put("endpoint", "http://127.0.0.1:" + closedPort);
    settings.put("retries", "1");

    assertThatThrownBy(() -> provider().open(new BlobStoreContext(null, null, new PluginSettings(settings))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot reach http://127.0.0.1:" + closedPort + " for the blob store's bucket 'anything'");
  }

  @Test
  void theServerGoingAwayDuringAMultipartUploadFailsThePutAndLeavesTheOldBlob() throws Exception {
    String bucket = newBucket();
    store = open(bucket, Map.of("retries", "2"));
    byte[] old = bytes(11, 300_000);
    store.put("sources/u/s/original", new ByteArrayInputStream(old));
    InputStream cut = new FilterInputStream(new ByteArrayInputStream(bytes(12, 20 * MIB))) {
      private long read;
      private boolean stopped;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 10 * MIB && !stopped) {
          // the first part is up; the second is being read: the server goes away before it is sent
          stopped = true;
          try {
            server.stop();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        int n = super.read(b, off, Math.min(len, 64 * 1024)); // in pieces, as from a network
        read += Math.max(0, n);
        return n;
      }
    };
    try {
      Throwable failure = catchFailure(() -> store.put("sources/u/s/original", cut));

      assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("upload part 2 of 'sources/u/s/original'")
          .hasMessageContaining(bucket);
      assertThat(stackTrace(failure)).doesNotContain(server.secretKey());
      assertThat(log.count("UploadPart")).isEqualTo(2);
      assertThat(log.count("CompleteMultipartUpload")).isZero();
      assertThat(log.count("AbortMultipartUpload")).as("tried, though the server is gone").isEqualTo(1);
    } finally {
      server.restart();
    }

    assertThat(read(store, "sources/u/s/original")).as("the old blob, whole").isEqualTo(old);
    assertThat(store.list("sources/", null, 10)).extracting(BlobInfo::key, BlobInfo::size)
        .containsExactly(tuple("sources/u/s/original", (long) old.length));
    assertThat(server.backend().blobMetadata(bucket, "sources/u/s/original").getSize()).isEqualTo((long) old.length);
    try (S3Client raw = rawClient(bucket)) {
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("the upload no one could abort")
          .extracting(u -> u.key()).containsExactly("sources/u/s/original");
      // s3proxy reports an upload as started when it is listed, so an age of "less than nothing" makes it stale
      try (S3BlobStore reopened = S3BlobStore.open(S3Settings.from(new PluginSettings(server.settings(bucket))),
          List.of(), Duration.ofMinutes(-1))) {
        assertThat(read(reopened, "sources/u/s/original")).isEqualTo(old);
      }
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("aborted by a store opening once it is older than any put still running").isEmpty();
    }
  }

  @Test
  void withoutKeysInTheSettingsTheSdksDefaultChainFindsTheCredentials() throws Exception {
    String bucket = newBucket();
    Map<String, String> settings = new HashMap<>(server.settings(bucket));
    settings.remove("access-key");
    settings.remove("secret-key");
    // the chain's first link: system properties (so it never goes on to ask an instance metadata address)
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", server.secretKey());
    try (BlobStore fromTheChain = provider().open(new BlobStoreContext(null, null, new PluginSettings(settings)))) {
      fromTheChain.put("k", new ByteArrayInputStream(bytes(13, 10)));
      assertThat(read(fromTheChain, "k")).isEqualTo(bytes(13, 10));
      assertThat(fromTheChain.toString()).contains(bucket).doesNotContain(server.secretKey());
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  @Test
  void theProviderIsFoundByName() {
    assertThat(provider()).isInstanceOf(S3BlobStoreProvider.class);
  }

  // ------------------------------------------------------------------ helpers

  private static BlobStoreProvider provider() {
    return NamedPlugins.load(BlobStoreProvider.class, S3BlobStoreTest.class.getClassLoader()).get("s3");
  }

  private static String newBucket() {
    String bucket = "mw-test-" + BUCKETS.incrementAndGet();
    server.createBucket(bucket);
    return bucket;
  }

  private S3BlobStore open(String bucket, Map<String, String> extra) throws IOException {
    Map<String, String> settings = new HashMap<>(server.settings(bucket));
    settings.putAll(extra);
    return S3BlobStore.open(S3Settings.from(new PluginSettings(settings)), List.of(log));
  }

  private static S3Client rawClient(String bucket) {
    S3Settings settings = S3Settings.from(new PluginSettings(server.settings(bucket)));
    return S3Clients.build(settings, S3Clients.credentials(settings), List.of());
  }

  private static byte[] bytes(int seed, int length) {
    byte[] out = new byte[length];
    new Random(seed).nextBytes(out);
    return out;
  }

  private static byte[] read(BlobStore s, String key) throws IOException {
    try (BlobContent c = s.open(key)) {
      byte[] all = c.stream().readAllBytes();
      assertThat((long) all.length).isEqualTo(c.size());
      return all;
    }
  }

  private static List<String> keys(List<BlobInfo> infos) {
    return infos.stream().map(BlobInfo::key).toList();
  }

  private static Throwable catchFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).as("a failure").isNotNull();
    return t;
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
