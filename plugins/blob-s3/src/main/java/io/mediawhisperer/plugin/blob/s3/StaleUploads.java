package io.mediawhisperer.plugin.blob.s3;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Multipart uploads that a put started and could not abort (the server or this node went away in
 * the middle): never visible as objects, but their parts take space until aborted. A store aborts
 * those under its key prefix that are older than any put could still be running when it opens; a
 * bucket lifecycle rule ("abort incomplete multipart uploads after N days") does the same on its own.
 * Best effort: a failure here (say, credentials that may not list uploads) is logged, never fatal.
 */
final class StaleUploads {

  private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);
  /** Pages of up to 1000 uploads looked at per open, so a bucket full of them does not hold up a start. */
  private static final int MAX_PAGES = 10;

  private final S3Settings settings;
  private final S3Client s3;

  StaleUploads(S3Settings settings, S3Client s3) {
    this.settings = settings;
    this.s3 = s3;
  }

  /** Aborts uploads under the prefix started before {@code now - age}; returns how many. */
  int abortOlderThan(Duration age) {
    Instant cutoff = Instant.now().minus(age);
    int aborted = 0;
    try {
      String keyMarker = null;
      String uploadIdMarker = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        String keys = keyMarker;
        String ids = uploadIdMarker;
        ListMultipartUploadsResponse response = s3.listMultipartUploads(b -> b.bucket(settings.bucket())
            .prefix(settings.prefix().isEmpty() ? null : settings.prefix()).keyMarker(keys).uploadIdMarker(ids));
        for (MultipartUpload upload : response.uploads()) {
          if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId()));
            aborted++;
          }
        }
        if (!Boolean.TRUE.equals(response.isTruncated())) {
          break;
        }
        keyMarker = response.nextKeyMarker();
        uploadIdMarker = response.nextUploadIdMarker();
      }
    } catch (SdkException e) {
      LOG.warn("could not look for abandoned multipart uploads in bucket '{}' at {}: {}", settings.bucket(),
          settings.where(), e.getMessage());
    }
    if (aborted > 0) {
      LOG.info("aborted {} abandoned multipart uploads in bucket '{}' at {}", aborted, settings.bucket(), settings.where());
    }
    return aborted;
  }
}
