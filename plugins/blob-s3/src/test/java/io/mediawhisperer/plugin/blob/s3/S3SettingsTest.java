package io.mediawhisperer.plugin.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The "s3" store's settings: defaults, checks that name their key, and no credential ever printed. */
class S3SettingsTest {

  @Test
  void defaultsSuitAwsAndAnEndpointTurnsPathStyleOn() {
    S3Settings aws = S3Settings.from(settings(Map.of("bucket", "media")));
    assertThat(aws.endpoint()).isEmpty();
    assertThat(aws.region()).isEqualTo("us-east-1");
    assertThat(aws.pathStyle()).isFalse();
    assertThat(aws.accessKey()).isEmpty();
    assertThat(aws.prefix()).isEmpty();
    assertThat(aws.maxAttempts()).isEqualTo(3);
    assertThat(aws.partSize()).isEqualTo(8 * 1024 * 1024);
    assertThat(aws.createBucket()).isFalse();
    assertThat(aws.where()).isEqualTo("AWS S3 (us-east-1)");

    S3Settings minio = S3Settings.from(settings(Map.of("bucket", "media", "endpoint", "http://minio:9000",
        "prefix", "mw", "retries", "5", "part-size", "16777216", "create-bucket", "yes")));
    assertThat(minio.endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(minio.pathStyle()).isTrue();
    assertThat(minio.prefix()).as("a prefix reads as a folder").isEqualTo("mw/");
    assertThat(minio.maxAttempts()).isEqualTo(5);
    assertThat(minio.partSize()).isEqualTo(16 * 1024 * 1024);
    assertThat(minio.createBucket()).isTrue();
    assertThat(S3Settings.from(settings(Map.of("bucket", "b", "endpoint", "https://s3.example", "path-style", "false")))
        .pathStyle()).isFalse();
  }

  @Test
  void badSettingsAreRefusedNamingTheirKey() {
    assertRefused(Map.of(), "'bucket'");
    assertRefused(Map.of("bucket", "b", "access-key", "AK"), "'secret-key' is missing");
    assertRefused(Map.of("bucket", "b", "secret-key", "SK"), "'access-key' is missing");
    assertRefused(Map.of("bucket", "b", "part-size", "1048576"), "'part-size'");
    assertRefused(Map.of("bucket", "b", "retries", "0"), "'retries'");
    assertRefused(Map.of("bucket", "b", "prefix", "../up"), "'prefix'");
    assertRefused(Map.of("bucket", "b", "path-style", "maybe"), "'path-style'");
    assertRefused(Map.of("bucket", "b", "endpoint", "ftp://host"), "'endpoint'");
  }

  @Test
  void noCredentialIsEverPrinted() {
    Map<String, String> values = new HashMap<>(Map.of("bucket", "b", "access-key", "AKIAEXAMPLEACCESS",
        "secret-key", "s3cr3t-value"));
    S3Settings settings = S3Settings.from(settings(values));
    assertThat(settings.accessKey()).isEqualTo(Optional.of("AKIAEXAMPLEACCESS"));
    assertThat(settings.toString()).doesNotContain("AKIAEXAMPLEACCESS").doesNotContain("s3cr3t-value")
        .contains("access-key/secret-key");
    assertThat(settings(values).toString()).as("the settings the provider is handed")
        .doesNotContain("AKIAEXAMPLEACCESS").doesNotContain("s3cr3t-value");

    values.put("endpoint", "http://user:s3cr3t-value@minio:9000");
    assertThatThrownBy(() -> S3Settings.from(settings(values))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'endpoint'").hasMessageNotContaining("s3cr3t-value");
  }

  private static void assertRefused(Map<String, String> values, String naming) {
    assertThatThrownBy(() -> S3Settings.from(settings(values))).as("%s", values)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(naming);
  }

  private static PluginSettings settings(Map<String, String> values) {
    return new PluginSettings(values);
  }
}
