package io.mediawhisperer.plugin.transcript.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.transcript.Playlist.Entry;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import org.junit.jupiter.api.Test;

/** The readers of YouTube's pages on snippets in the shapes YouTube serves. */
class YouTubePagesTest {

  @Test
  void theAssignedObjectIsReadAsJsonWhateverItsStringsHoldAndWhateverFollowsIt() {
    String html = "<script>var ytInitialPlayerResponse = null;</script><script nonce=\"x\">"
        + "window[\"ytInitialPlayerResponse\"] = {\"a\":\"} ; ytInitialPlayerResponse = {\\\"b\\\"\",\"n\":{\"c\":[1,{}]}};"
        + "var meta = {\"d\":2};</script>";
    var json = EmbeddedJson.assignedObject(html, "ytInitialPlayerResponse").orElseThrow();
    assertThat(json.path("a").asText()).isEqualTo("} ; ytInitialPlayerResponse = {\"b\"");
    assertThat(json.path("n").path("c").get(0).asInt()).isEqualTo(1);
    assertThat(json.has("d")).isFalse();
  }

  @Test
  void aPageWithoutTheObjectIsEmptyAndACutOffObjectIsInvalid() {
    assertThat(EmbeddedJson.assignedObject("<script>var ytInitialPlayerResponse = null;</script>", "ytInitialPlayerResponse")).isEmpty();
    assertThatThrownBy(() -> EmbeddedJson.assignedObject("<script>var ytInitialData = {\"a\":{\"b\":\"c</script></html>",
        "ytInitialData")).isInstanceOfSatisfying(TranscriptException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
  }

  @Test
  void ytcfgStringsAreUnescaped() {
    String html = "ytcfg.set({\"INNERTUBE_API_KEY\":\"AIza\\u003dkey\",\"INNERTUBE_CLIENT_VERSION\": \"2.20240611.01.00\"});";
    assertThat(EmbeddedJson.configString(html, "INNERTUBE_API_KEY")).contains("AIza=key");
    assertThat(EmbeddedJson.configString(html, "INNERTUBE_CLIENT_VERSION")).contains("2.20240611.01.00");
    assertThat(EmbeddedJson.configString(html, "INNERTUBE_CONTEXT")).isEmpty();
  }

  @Test
  void playabilityIsNotFoundWithYouTubesReasonButABotCheckIsARefusal() {
    assertThatThrownBy(() -> PlayerResponse.fromWatchPage(watch("{\"status\":\"UNPLAYABLE\",\"reason\":\"This video has been removed\"}"),
        "abcdefghijk")).isInstanceOfSatisfying(TranscriptException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
          assertThat(e.getMessage()).contains("abcdefghijk", "This video has been removed");
        });
    assertThatThrownBy(() -> PlayerResponse.fromWatchPage(watch("{\"status\":\"LOGIN_REQUIRED\",\"reason\":\"Sign in to confirm "
        + "you\u2019re not a bot\"}"), "abcdefghijk")).isInstanceOfSatisfying(TranscriptException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  @Test
  void aPlayableVideoWithoutDetailsIsInvalid() {
    assertThatThrownBy(() -> PlayerResponse.fromWatchPage(watch("{\"status\":\"OK\"}"), "abcdefghijk"))
        .isInstanceOfSatisfying(TranscriptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
  }

  @Test
  void aContinuationPageGivesItsVideosAndItsNextToken() {
    String browse = """
        {"onResponseReceivedActions":[{"appendContinuationItemsAction":{"continuationItems":[
          {"playlistVideoRenderer":{"videoId":"aaaaaaaaaaa","title":{"runs":[{"text":"Part "},{"text":"one"}]},"lengthSeconds":"61"}},
          {"playlistVideoRenderer":{"videoId":"bbbbbbbbbbb","title":{"runs":[{"text":"[Deleted video]"}]}}},
          {"continuationItemRenderer":{"continuationEndpoint":{"commandExecutorCommand":{"commands":[
            {"continuationCommand":{"token":"NEXT","request":"CONTINUATION_REQUEST_TYPE_BROWSE"}}]}}}}]}}]}""";
    PlaylistItems items = PlaylistItems.fromBrowse(browse);
    assertThat(items.videos()).containsExactly(new Entry("aaaaaaaaaaa", "Part one", 61.0), new Entry("bbbbbbbbbbb", "[Deleted video]", null));
    assertThat(items.continuation()).isEqualTo("NEXT");
  }

  @Test
  void aContinuationWithoutItemsIsInvalid() {
    assertThatThrownBy(() -> PlaylistItems.fromBrowse("{\"responseContext\":{}}"))
        .isInstanceOfSatisfying(TranscriptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
  }

  @Test
  void aPlaylistPageWithNeitherTitleNorAlertIsInvalid() {
    assertThatThrownBy(() -> PlaylistPage.fromHtml("<script>var ytInitialData = {\"contents\":{}};</script>", "PLx"))
        .isInstanceOfSatisfying(TranscriptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_RESPONSE));
  }

  private static String watch(String playability) {
    return "<html><script>var ytInitialPlayerResponse = {\"playabilityStatus\":" + playability + "};</script></html>";
  }
}
