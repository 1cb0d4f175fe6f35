package io.mediawhisperer.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.db.Pagination.ByKey.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The keyset cursor of lists sorted by several columns: read back exactly, and only by its own list. */
class PaginationTest {

  private static final Part[] TEMPLATE_ORDER = {Part.FLAG, Part.TEXT, Part.TIME, Part.ID};

  private static String cursor(JsonArray key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static Failure refused(String cursor) {
    return Failure.from(catchThrowable(() -> Pagination.ByKey.from(new JsonObject().put("cursor", cursor), "templates", TEMPLATE_ORDER)));
  }

  @Test
  void aCursorIsReadBackAsTheValuesOfItsKey() {
    OffsetDateTime at = OffsetDateTime.parse("2025-03-01T10:15:30.123456Z");
    UUID id = UUID.randomUUID();
    Pagination.ByKey page = Pagination.ByKey.from(new JsonObject().put("limit", 7)
        .put("cursor", cursor(new JsonArray().add("templates").add(false).add("blog").add(at.toString()).add(id.toString()))),
        "templates", TEMPLATE_ORDER);
    assertThat(page.limit()).isEqualTo(7);
    assertThat(page.fetchSize()).isEqualTo(8);
    assertThat(page.after()).containsExactly(false, "blog", at, id);

    Pagination.ByKey first = Pagination.ByKey.from(new JsonObject(), "templates", TEMPLATE_ORDER);
    assertThat(first.limit()).isEqualTo(50);
    assertThat(first.after()).hasSize(4).containsOnlyNulls();
  }

  @Test
  void aCursorOfAnotherListOrShapeIsRefused() {
    String at = OffsetDateTime.now().toString();
    String id = UUID.randomUUID().toString();
    for (String bad : new String[] {
        "not base64 !", cursor(new JsonArray().add("sources").add(false).add("blog").add(at).add(id)),
        cursor(new JsonArray().add("templates").add(false).add("blog").add(at)),
        cursor(new JsonArray().add("templates").add("no").add("blog").add(at).add(id)),
        cursor(new JsonArray().add("templates").add(false).add("blog").add("yesterday").add(id)),
        cursor(new JsonArray().add("templates").add(false).add(null).add(at).add(id)),
        Base64.getUrlEncoder().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8))}) {
      Failure failure = refused(bad);
      assertThat(failure.status()).as(bad).isEqualTo(400);
      assertThat(failure.code()).as(bad).isEqualTo(Failure.INVALID_INPUT);
    }
  }
}
