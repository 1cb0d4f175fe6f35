package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.transcript.Playlist.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a playlist's videos as YouTube lists them ({@code playlistVideoRenderer} items, in
 * order) and the token of the next page, null on the last one (its {@code continuationItemRenderer}).
 */
record PlaylistItems(List<Entry> videos, String continuation) {

  /** The items of a playlist renderer's {@code contents} or of a continuation's {@code continuationItems}. */
  static PlaylistItems of(Iterable<JsonNode> items) {
    List<Entry> videos = new ArrayList<>();
    String continuation = null;
    for (JsonNode item : items) {
      JsonNode video = item.path("playlistVideoRenderer");
      if (video.isObject()) {
        String videoId = video.path("videoId").asText(null);
        if (videoId == null) {
          throw Failures.invalid("a playlist item has no videoId");
        }
        // a private or deleted video keeps its place, titled "[Private video]" and without a length
        videos.add(new Entry(videoId, EmbeddedJson.text(video.path("title")), PlayerResponse.seconds(video.path("lengthSeconds"))));
      }
      JsonNode next = item.path("continuationItemRenderer");
      if (next.isObject()) {
        JsonNode command = next.findValue("continuationCommand");
        continuation = command == null ? null : command.path("token").asText(null);
        if (continuation == null) {
          throw Failures.invalid("a playlist's continuation has no token");
        }
      }
    }
    return new PlaylistItems(videos, continuation);
  }

  /** An Innertube {@code browse} answer: {@code onResponseReceivedActions[].appendContinuationItemsAction.continuationItems}. */
  static PlaylistItems fromBrowse(String json) {
    JsonNode root;
    try {
      root = EmbeddedJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw Failures.invalid("the playlist's next page is not valid JSON", e);
    }
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode action : root == null ? List.<JsonNode>of() : root.path("onResponseReceivedActions")) {
      JsonNode append = action.has("appendContinuationItemsAction") ? action.path("appendContinuationItemsAction")
          : action.path("reloadContinuationItemsCommand");
      append.path("continuationItems").forEach(items::add);
    }
    if (items.isEmpty()) {
      throw Failures.invalid("the playlist's next page holds no items");
    }
    return of(items);
  }
}
