package io.mediawhisperer.http;

import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;

/**
 * Every limit and timeout the HTTP edge enforces, read once from the node's configuration. The
 * README's "Limits" table lists them with their keys; a request past one gets a 4xx in the error
 * shape, and a connection past one is closed.
 */
record HttpLimits(
    long maxJsonBodyBytes,
    long maxSourceJsonBytes,
    long maxUploadBytes,
    int maxConnections,
    int idleTimeoutSeconds,
    int headerTimeoutSeconds,
    int bodyTimeoutSeconds,
    int maxInitialLineLength,
    int maxHeaderBytes,
    int maxFormFields,
    int maxFormAttributeBytes,
    int maxFileNameLength,
    int maxQueryParameterLength) {

  /** The file names an upload may carry are stored and shown; anything longer is not a real file name. */
  static final int MAX_FILE_NAME_LENGTH = 255;
  /** Query values are ids, cursors, filters and numbers; none is legitimately longer. */
  static final int MAX_QUERY_PARAMETER_LENGTH = 2048;

  static HttpLimits from(JsonObject config) {
    return new HttpLimits(
        config.getLong(ConfigKeys.HTTP_MAX_BODY_BYTES.name(), 1_048_576L),
        config.getLong(ConfigKeys.HTTP_MAX_SOURCE_JSON_BYTES.name(), 16L * 1_048_576),
        config.getLong(ConfigKeys.UPLOAD_MAX_BYTES.name(), 200L * 1_048_576),
        maxConnections(config.getInteger(ConfigKeys.HTTP_MAX_CONNECTIONS.name(), 0)),
        config.getInteger(ConfigKeys.HTTP_IDLE_TIMEOUT_SECONDS.name(), 60),
        config.getInteger(ConfigKeys.HTTP_HEADER_TIMEOUT_SECONDS.name(), 10),
        config.getInteger(ConfigKeys.HTTP_BODY_TIMEOUT_SECONDS.name(), 30),
        8192,
        16_384,
        config.getInteger(ConfigKeys.HTTP_MAX_FORM_FIELDS.name(), 16),
        config.getInteger(ConfigKeys.HTTP_MAX_FORM_ATTRIBUTE_BYTES.name(), 8192),
        MAX_FILE_NAME_LENGTH,
        MAX_QUERY_PARAMETER_LENGTH);
  }

  /**
   * 0: half the process's open-file limit, so that sockets can never take the descriptors the
   * index, the database pools and the blob store need (the failure that prompted this limit).
   */
  private static int maxConnections(int configured) {
    if (configured > 0) {
      return configured;
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long files = unix.getMaxFileDescriptorCount();
      if (files > 0) {
        return (int) Math.max(64, Math.min(50_000, files / 2));
      }
    }
    return 4096;
  }
}
