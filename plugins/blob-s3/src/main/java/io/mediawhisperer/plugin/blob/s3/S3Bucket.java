package io.mediawhisperer.plugin.blob.s3;

import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The check a store makes when it opens: is the bucket there, and may these credentials use it? Each
 * failure becomes a message that names the bucket and the endpoint and says what to change, and
 * never holds a credential. A missing bucket is created only when {@code create-bucket} says so.
 */
final class S3Bucket {

  private final S3Settings settings;
  private final S3Client s3;

  S3Bucket(S3Settings settings, S3Client s3) {
    this.settings = settings;
    this.s3 = s3;
  }

  void check() throws IOException {
    try {
      s3.headBucket(b -> b.bucket(settings.bucket()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && settings.createBucket()) {
        create();
        return;
      }
      if (e.statusCode() == 404) {
        throw new IOException("the blob store's bucket '" + settings.bucket() + "' does not exist at " + settings.where()
            + ": create it, or set blob-store-create-bucket=true to have it created", e);
      }
      throw new IOException(describe(settings, "open the blob store's bucket", e), e);
    } catch (SdkClientException e) {
      throw new IOException("cannot reach " + settings.where() + " for the blob store's bucket '" + settings.bucket()
          + "': " + e.getMessage(), e);
    }
  }

  private void create() throws IOException {
    try {
      s3.createBucket(b -> {
        b.bucket(settings.bucket());
        // outside us-east-1, AWS wants the region named again in the request
        if (!Region.US_EAST_1.id().equals(settings.region())) {
          b.createBucketConfiguration(c -> c.locationConstraint(settings.region()));
        }
      });
    } catch (BucketAlreadyOwnedByYouException e) {
      // another node created it first
    } catch (S3Exception e) {
      throw new IOException(describe(settings, "create the blob store's bucket", e), e);
    }
  }

  /** A message for an error answer: what failed, where, the status and S3's error code, and for 403 what to check. */
  static String describe(S3Settings settings, String what, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message = "could not " + what + " in bucket '" + settings.bucket() + "' at " + settings.where() + ": HTTP "
        + e.statusCode() + (code == null ? "" : " " + code);
    if (e.statusCode() == 403) {
      message += " (access denied: check blob-store-access-key and blob-store-secret-key, or the credentials the default"
          + " chain finds, and that they may use this bucket)";
    }
    return message;
  }
}
