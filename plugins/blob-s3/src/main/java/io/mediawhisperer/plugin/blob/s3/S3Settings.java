package io.mediawhisperer.plugin.blob.s3;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.blob.BlobKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The "s3" blob store's settings, read from the {@code blob-store-*} keys (without that prefix) and
 * checked once, each failure naming its key. The secret key is held here and nowhere else, and
 * {@link #toString()} never prints it (nor the access key).
 *
 * @param endpoint     an S3-compatible server ({@code http://minio:9000}); empty: AWS S3 for the region
 * @param region       the signing region
 * @param bucket       the bucket every blob lives in
 * @param pathStyle    {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
 * @param accessKey    with {@code secretKey}, fixed credentials; both empty: the SDK's default chain
 * @param prefix       prepended to every key inside the bucket; empty or ending with {@code /}
 * @param maxAttempts  attempts per request, the first included, with the SDK's backoff in between
 * @param partSize     bytes per part of a multipart upload, and the largest blob stored by one PutObject
 * @param createBucket whether a missing bucket is created at open rather than refused
 */
public record S3Settings(Optional<URI> endpoint, String region, String bucket, boolean pathStyle,
    Optional<String> accessKey, Optional<String> secretKey, String prefix, int maxAttempts, int partSize,
    boolean createBucket) {

  public static final String DEFAULT_REGION = "us-east-1";
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** S3 refuses parts below 5 MiB (all but the last), and a multipart upload has at most 10,000 parts. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
  public static final int MAX_PART_SIZE = 512 * 1024 * 1024;

  public static S3Settings from(PluginSettings settings) {
    Optional<URI> endpoint = Optional.ofNullable(settings.get("endpoint", null)).map(S3Settings::endpointUri);
    String bucket = settings.required("bucket").trim();
    Optional<String> accessKey = Optional.ofNullable(settings.get("access-key", null)).map(String::trim);
    Optional<String> secretKey = Optional.ofNullable(settings.get("secret-key", null)).map(String::trim);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException("settings 'access-key' and 'secret-key' go together: '"
          + (accessKey.isPresent() ? "secret-key" : "access-key") + "' is missing");
    }
    int maxAttempts = settings.getInt("retries", DEFAULT_MAX_ATTEMPTS);
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("setting 'retries' (attempts per request) must be 1 to 20, not " + maxAttempts);
    }
    int partSize = partSize(settings);
    return new S3Settings(endpoint, settings.get("region", DEFAULT_REGION).trim(), bucket,
        bool(settings, "path-style", endpoint.isPresent()), accessKey, secretKey, keyPrefix(settings.get("prefix", "")),
        maxAttempts, partSize, bool(settings, "create-bucket", false));
  }

  /** Where the bucket is, for messages: the endpoint, or AWS S3 in the region. */
  public String where() {
    return endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")");
  }

  @Override
  public String toString() {
    return "S3Settings{endpoint=" + where() + ", region=" + region + ", bucket=" + bucket + ", path-style=" + pathStyle
        + ", credentials=" + (accessKey.isPresent() ? "access-key/secret-key" : "default chain") + ", prefix=" + prefix
        + ", retries=" + maxAttempts + ", part-size=" + partSize + ", create-bucket=" + createBucket + "}";
  }

  private static URI endpointUri(String value) {
    try {
      URI uri = new URI(value.trim());
      if (uri.getRawUserInfo() != null) {
        throw new IllegalArgumentException("setting 'endpoint' must not hold credentials: use 'access-key' and 'secret-key'");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("setting 'endpoint' must be an http(s) URL such as http://127.0.0.1:9000, not '"
            + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      // the reason only: the message would repeat the value, which may hold a credential
      throw new IllegalArgumentException("setting 'endpoint' is not a URL (" + e.getReason() + ")");
    }
  }

  private static int partSize(PluginSettings settings) {
    int partSize = settings.getInt("part-size", DEFAULT_PART_SIZE);
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException("setting 'part-size' must be " + MIN_PART_SIZE + " (5 MiB, the least S3 takes) to "
          + MAX_PART_SIZE + " bytes, not " + partSize);
    }
    return partSize;
  }

  /** A key prefix is what a blob key may start with, made to end with {@code /} so it reads as a folder. */
  private static String keyPrefix(String value) {
    String prefix = value.trim();
    if (prefix.isEmpty()) {
      return "";
    }
    if (!prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    try {
      BlobKeys.checkPrefix(prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("setting 'prefix': " + e.getMessage(), e);
    }
    return prefix;
  }

  private static boolean bool(PluginSettings settings, String key, boolean fallback) {
    String value = settings.get(key, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("setting '" + key + "' must be true or false, not '" + value + "'");
    };
  }
}
