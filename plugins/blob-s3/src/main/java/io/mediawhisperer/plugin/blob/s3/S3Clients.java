package io.mediawhisperer.plugin.blob.s3;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the blocking S3 client a store uses, from its settings. The HTTP client is Apache
 * HttpClient 5 (blocking, pooled), never the SDK's netty client, so nothing here meets the netty that
 * Vert.x brings.
 */
final class S3Clients {

  /** Requests a store may have in flight at once: concurrent puts and reads, and a listing's HEADs. */
  static final int MAX_CONNECTIONS = 32;

  private S3Clients() {
  }

  /** The credentials the settings name: fixed keys, or the SDK's default chain (environment, profile, instance role). */
  static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.accessKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** @param interceptors extra request hooks (tests count requests with them) */
  static S3Client build(S3Settings settings, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(settings.pathStyle())
        // S3-compatible servers (MinIO, Ceph, s3proxy, older releases of each) do not all know the
        // checksums newer SDKs send by default; asking for them only where S3 requires one, with the
        // Content-MD5 those servers do know, keeps every one of them working
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(o -> {
          o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build());
          interceptors.forEach(o::addExecutionInterceptor);
        });
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
