package io.mediawhisperer.plugin.blob.s3;

import io.mediawhisperer.spi.blob.BlobContent;
import io.mediawhisperer.spi.blob.BlobInfo;
import io.mediawhisperer.spi.blob.BlobKeys;
import io.mediawhisperer.spi.blob.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Blobs as objects in one bucket of an S3-compatible store (AWS S3, MinIO, Ceph, ...), under an
 * optional key prefix, so every node of a cluster reads what any node stored.
 *
 * <p>How each rule of {@link BlobStore} is kept: a put is one PutObject, or for a stream longer than
 * a part one multipart upload completed only after its last part (S3 shows an object whole or not
 * at all, and a failed upload is aborted); reads stream the GetObject response, and a range is a
 * Range request; S3 lists keys in byte order, which for the ASCII keys allowed is the order asked
 * for. S3 sets an object's time when it is written, and a rename is a copy, so the creation time is
 * kept as user metadata ({@value #CREATED_AT}) that the copy carries over and a listing reads back.
 */
public final class S3BlobStore implements BlobStore {

  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  /** User metadata (x-amz-meta-...) holding when the bytes were stored, in epoch milliseconds. */
  static final String CREATED_AT = "mw-created-at";
  /** S3 takes at most this many keys per DeleteObjects and returns at most this many per listing page. */
  static final int BATCH = 1000;
  static final int MAX_PARTS = 10_000;
  private static final String CONTENT_TYPE = "application/octet-stream";
  /** An upload older than this is no put still running, but one that could not be aborted. */
  static final Duration STALE_UPLOAD_AGE = Duration.ofDays(1);
  /** HEAD requests a listing sends at once to read creation times. */
  private static final int LISTING_HEADS = 8;

  private final S3Settings settings;
  private final S3Client s3;
  private final AwsCredentialsProvider credentials;
  private final ExecutorService heads;
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * A CopyObject copies at most 5 GiB; a larger object is copied in parts of {@link #copyPartSize}.
   * Fields rather than constants so that a test can copy in parts without writing 5 GiB.
   */
  long singleCopyLimit = 5L * 1024 * 1024 * 1024;
  long copyPartSize = 512L * 1024 * 1024;

  private S3BlobStore(S3Settings settings, S3Client s3, AwsCredentialsProvider credentials) {
    this.settings = settings;
    this.s3 = s3;
    this.credentials = credentials;
    this.heads = Executors.newFixedThreadPool(LISTING_HEADS, Thread.ofPlatform().daemon().name("mw-s3-head-", 0).factory());
  }

  /** Opens the store and checks that the bucket is there and reachable with these credentials. */
  public static S3BlobStore open(S3Settings settings) throws IOException {
    return open(settings, List.of());
  }

  static S3BlobStore open(S3Settings settings, List<ExecutionInterceptor> interceptors) throws IOException {
    return open(settings, interceptors, STALE_UPLOAD_AGE);
  }

  static S3BlobStore open(S3Settings settings, List<ExecutionInterceptor> interceptors, Duration staleUploadAge)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    AwsCredentialsProvider credentials = S3Clients.credentials(settings);
    S3BlobStore store = new S3BlobStore(settings, S3Clients.build(settings, credentials, interceptors), credentials);
    try {
      resolve(settings, credentials);
      new S3Bucket(settings, store.s3).check();
      new StaleUploads(settings, store.s3).abortOlderThan(staleUploadAge);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    LOG.info("s3 blob store: bucket '{}' at {}, key prefix '{}'", settings.bucket(), settings.where(), settings.prefix());
    return store;
  }

  /** Credentials first, so that none found is said as such rather than as a server that cannot be reached. */
  private static void resolve(S3Settings settings, AwsCredentialsProvider credentials) throws IOException {
    try {
      credentials.resolveCredentials();
    } catch (SdkException e) {
      throw new IOException("no credentials for the blob store's bucket '" + settings.bucket() + "' at "
          + settings.where() + ": set blob-store-access-key and blob-store-secret-key, or give the AWS default chain"
          + " some (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance or container role): "
          + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ put

  @Override
  public long put(String key, InputStream in) throws IOException {
    String object = object(BlobKeys.check(key));
    Objects.requireNonNull(in, "in");
    PartBuffer part = new PartBuffer(settings.partSize());
    part.fill(in);
    Map<String, String> metadata = Map.of(CREATED_AT, Long.toString(Instant.now().toEpochMilli()));
    if (part.atEnd()) {
      call("store", key, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(object).contentType(CONTENT_TYPE)
          .metadata(metadata), part.body()));
      return part.size();
    }
    return putInParts(key, object, metadata, part, in);
  }

  /**
   * A multipart upload of a stream longer than one part: the object appears only when the upload is
   * completed, after the last part; on any failure the upload is aborted, so neither the parts nor a
   * half-written object are ever seen, and what was under the key stays.
   */
  private long putInParts(String key, String object, Map<String, String> metadata, PartBuffer part, InputStream in)
      throws IOException {
    String uploadId = call("start a multipart upload of", key, () -> s3.createMultipartUpload(b -> b
        .bucket(settings.bucket()).key(object).contentType(CONTENT_TYPE).metadata(metadata))).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      long total = 0;
      while (part.size() > 0) {
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
          throw new IOException("blob '" + key + "' is larger than " + MAX_PARTS + " parts of " + settings.partSize()
              + " bytes: raise blob-store-part-size");
        }
        String etag = call("upload part " + number + " of", key, () -> s3.uploadPart(b -> b.bucket(settings.bucket())
            .key(object).uploadId(uploadId).partNumber(number), part.body())).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        total += part.size();
        if (part.atEnd()) {
          break;
        }
        part.fill(in);
      }
      call("complete the multipart upload of", key, () -> s3.completeMultipartUpload(b -> b.bucket(settings.bucket())
          .key(object).uploadId(uploadId).multipartUpload(u -> u.parts(parts))));
      return total;
    } catch (IOException | RuntimeException | Error e) {
      abort(key, object, uploadId, e);
      throw e;
    }
  }

  private void abort(String key, String object, String uploadId, Throwable cause) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(object).uploadId(uploadId));
    } catch (SdkException | IllegalStateException e) {
      // the object was never completed, so nothing is visible; the parts stay until the bucket's
      // lifecycle rule for incomplete multipart uploads removes them
      LOG.warn("could not abort the multipart upload of '{}' in bucket '{}' at {}: {}", key, settings.bucket(),
          settings.where(), e.getMessage());
      cause.addSuppressed(e);
    }
  }

  // ------------------------------------------------------------------ read

  @Override
  public BlobContent open(String key) throws IOException {
    String object = object(BlobKeys.check(key));
    ResponseInputStream<GetObjectResponse> response = getOrMissing(key,
        () -> s3.getObject(b -> b.bucket(settings.bucket()).key(object)));
    return new S3BlobContent(response.response().contentLength(), response);
  }

  /** A Range request: only the bytes asked for cross the network. */
  @Override
  public BlobContent open(String key, long offset, long length) throws IOException {
    String object = object(BlobKeys.check(key));
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("a range starts at 0 or later and has 0 or more bytes, not " + offset + "+"
          + length);
    }
    if (length == 0) {
      // "bytes=n-(n-1)" is no range; an empty read still says whether the blob is there
      if (!exists(key)) {
        throw new NoSuchFileException(key);
      }
      return new EmptyContent();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    ResponseInputStream<GetObjectResponse> response = getOrMissing(key,
        () -> s3.getObject(b -> b.bucket(settings.bucket()).key(object).range(range)));
    return new S3BlobContent(response.response().contentLength(), response);
  }

  @Override
  public boolean exists(String key) throws IOException {
    return head(object(BlobKeys.check(key)), key) != null;
  }

  /** The object's HEAD, or null when there is none. */
  private HeadObjectResponse head(String object, String key) throws IOException {
    try {
      return getOrMissing(key, () -> s3.headObject(b -> b.bucket(settings.bucket()).key(object)));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  // ------------------------------------------------------------------ list

  @Override
  public List<BlobInfo> list(String prefix, String after, int limit) throws IOException {
    BlobKeys.checkPrefix(prefix);
    if (limit <= 0) {
      return List.of();
    }
    List<S3Object> objects = objects(prefix, after, limit);
    List<Future<BlobInfo>> infos = new ArrayList<>(objects.size());
    for (S3Object o : objects) {
      infos.add(heads.submit(() -> info(o)));
    }
    List<BlobInfo> page = new ArrayList<>(objects.size());
    for (Future<BlobInfo> info : infos) {
      page.add(await(info));
    }
    return page;
  }

  /** Up to {@code limit} objects of blob keys under {@code prefix} after {@code after}, in key order. */
  private List<S3Object> objects(String prefix, String after, int limit) throws IOException {
    List<S3Object> objects = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      int wanted = Math.min(BATCH, limit - objects.size());
      ListObjectsV2Response page = call("list", prefix, () -> s3.listObjectsV2(b -> b.bucket(settings.bucket())
          .prefix(object(prefix)).startAfter(after == null ? null : object(after)).maxKeys(wanted)
          .continuationToken(continuation)));
      for (S3Object o : page.contents()) {
        // an object some other program put in the bucket, under a key no blob can have, is not a blob
        if (objects.size() < limit && o.key().startsWith(settings.prefix()) && validKey(key(o.key()))) {
          objects.add(o);
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null && objects.size() < limit);
    return objects;
  }

  /** The object's size from the listing, and its creation time from its metadata (a HEAD). */
  private BlobInfo info(S3Object o) throws IOException {
    String key = key(o.key());
    HeadObjectResponse head = head(o.key(), key);
    Instant createdAt = o.lastModified();
    String stored = head == null ? null : head.metadata().get(CREATED_AT);
    if (stored != null) {
      try {
        createdAt = Instant.ofEpochMilli(Long.parseLong(stored.trim()));
      } catch (NumberFormatException e) {
        // not ours: the object's own time will do
      }
    }
    return new BlobInfo(key, o.size(), createdAt);
  }

  // ------------------------------------------------------------------ delete, rename

  @Override
  public boolean delete(String key) throws IOException {
    String object = object(BlobKeys.check(key));
    // S3 answers a delete of a missing key as of any other: ask first, to tell which it was
    if (head(object, key) == null) {
      return false;
    }
    call("delete", key, () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(object)));
    return true;
  }

  /** Lists a thousand keys at a time and deletes each thousand with one DeleteObjects. */
  @Override
  public long deletePrefix(String prefix) throws IOException {
    BlobKeys.checkDeletePrefix(prefix);
    long deleted = 0;
    String after = null;
    while (true) {
      List<S3Object> batch = objects(prefix, after, BATCH);
      if (batch.isEmpty()) {
        return deleted;
      }
      List<ObjectIdentifier> ids = batch.stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      DeleteObjectsResponse response = call("delete keys under", prefix, () -> s3.deleteObjects(b -> b
          .bucket(settings.bucket()).delete(Delete.builder().objects(ids).quiet(true).build())));
      if (!response.errors().isEmpty()) {
        S3Error first = response.errors().get(0);
        throw new IOException("could not delete " + response.errors().size() + " of " + ids.size() + " blobs under '"
            + prefix + "' in bucket '" + settings.bucket() + "' at " + settings.where() + ", first '" + key(first.key())
            + "': " + first.code() + " " + first.message());
      }
      deleted += ids.size();
      after = key(batch.get(batch.size() - 1).key());
    }
  }

  /** A copy (which keeps the metadata, so the creation time) and a delete of the source. */
  @Override
  public void rename(String from, String to) throws IOException {
    String source = object(BlobKeys.check(from));
    String target = object(BlobKeys.check(to));
    HeadObjectResponse head = head(source, from);
    if (head == null) {
      throw new NoSuchFileException(from);
    }
    if (from.equals(to)) {
      return;
    }
    if (head.contentLength() <= singleCopyLimit) {
      call("copy", from, () -> s3.copyObject(b -> b.sourceBucket(settings.bucket()).sourceKey(source)
          .destinationBucket(settings.bucket()).destinationKey(target).metadataDirective(MetadataDirective.COPY)));
    } else {
      copyInParts(from, source, target, head);
    }
    call("delete", from, () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(source)));
  }

  /** A copy of an object larger than CopyObject takes: a multipart upload whose parts are ranges of the source. */
  private void copyInParts(String from, String source, String target, HeadObjectResponse head) throws IOException {
    long size = head.contentLength();
    long partSize = Math.max(copyPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
    String uploadId = call("start a multipart copy of", from, () -> s3.createMultipartUpload(b -> b
        .bucket(settings.bucket()).key(target).contentType(head.contentType()).metadata(head.metadata()))).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long offset = 0; offset < size; offset += partSize) {
        int number = parts.size() + 1;
        String range = "bytes=" + offset + "-" + (Math.min(size, offset + partSize) - 1);
        String etag = call("copy part " + number + " of", from, () -> s3.uploadPartCopy(b -> b
            .sourceBucket(settings.bucket()).sourceKey(source).destinationBucket(settings.bucket()).destinationKey(target)
            .uploadId(uploadId).partNumber(number).copySourceRange(range))).copyPartResult().eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      call("complete the multipart copy of", from, () -> s3.completeMultipartUpload(b -> b.bucket(settings.bucket())
          .key(target).uploadId(uploadId).multipartUpload(u -> u.parts(parts))));
    } catch (IOException | RuntimeException | Error e) {
      abort(from, target, uploadId, e);
      throw e;
    }
  }

  // ------------------------------------------------------------------ close

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heads.shutdownNow();
    s3.close();
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore{bucket=" + settings.bucket() + ", at=" + settings.where() + ", prefix=" + settings.prefix() + "}";
  }

  // ------------------------------------------------------------------ helpers

  private String object(String key) {
    return settings.prefix() + key;
  }

  private String key(String object) {
    return object.substring(settings.prefix().length());
  }

  private static boolean validKey(String key) {
    try {
      BlobKeys.check(key);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static BlobInfo await(Future<BlobInfo> info) throws IOException {
    try {
      return info.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /** A request whose 404 means "no such blob". */
  private <T> T getOrMissing(String key, S3Call<T> request) throws IOException {
    try {
      return call("read", key, request);
    } catch (S3RequestException e) {
      if (e.status() == 404) {
        throw new NoSuchFileException(key);
      }
      throw e;
    }
  }

  /** Runs one request; an SDK failure becomes an IOException that says what and where, never with a credential. */
  private <T> T call(String what, String key, S3Call<T> request) throws IOException {
    try {
      return request.run();
    } catch (S3Exception e) {
      throw new S3RequestException(S3Bucket.describe(settings, what + " '" + key + "'", e), e.statusCode(), e);
    } catch (SdkException e) {
      throw new IOException("could not " + what + " '" + key + "' in bucket '" + settings.bucket() + "' at "
          + settings.where() + ": " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface S3Call<T> {
    T run();
  }

  /** An S3 error answer, with its HTTP status. */
  static final class S3RequestException extends IOException {
    private final int status;

    S3RequestException(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private static final class EmptyContent implements io.mediawhisperer.spi.blob.BlobContent {
    private final InputStream stream = new ByteArrayInputStream(new byte[0]);

    @Override
    public long size() {
      return 0;
    }

    @Override
    public InputStream stream() {
      return stream;
    }
  }
}
