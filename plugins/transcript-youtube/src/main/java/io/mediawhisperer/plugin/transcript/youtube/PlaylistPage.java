package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A playlist's page ({@code /playlist?list=}): its title and channel and its first videos from the
 * embedded {@code ytInitialData}, and what asking for the next pages takes from its {@code ytcfg}
 * (the Innertube key, when the page has one, and the web client's version).
 */
record PlaylistPage(String title, String channelName, PlaylistItems firstItems, String apiKey, String clientVersion) {

  /** Used when a page names no client version; Innertube wants one that looks like a web client's. */
  static final String FALLBACK_CLIENT_VERSION = "2.20240101.00.00";

  /** Reads the page; a playlist YouTube does not have (a page with an alert and no playlist) is NOT_FOUND. */
  static PlaylistPage fromHtml(String html, String playlistId) {
    JsonNode data = EmbeddedJson.assignedObject(html, "ytInitialData")
        .orElseThrow(() -> Failures.invalid("the page of playlist " + playlistId + " holds no ytInitialData"));
    String title = data.path("metadata").path("playlistMetadataRenderer").path("title").asText(null);
    if (title == null) {
      String alert = alert(data);
      if (alert != null) {
        throw Failures.notFound("YouTube has no playlist " + playlistId + ": " + alert);
      }
      throw Failures.invalid("the page of playlist " + playlistId + " has no title");
    }
    JsonNode list = data.findValue("playlistVideoListRenderer");
    PlaylistItems items = list == null ? new PlaylistItems(List.of(), null) : PlaylistItems.of(list.path("contents"));
    return new PlaylistPage(title, channel(data), items, EmbeddedJson.configString(html, "INNERTUBE_API_KEY").orElse(null),
        EmbeddedJson.configString(html, "INNERTUBE_CLIENT_VERSION").orElse(FALLBACK_CLIENT_VERSION));
  }

  private static String channel(JsonNode data) {
    String owner = EmbeddedJson.text(data.path("header").path("playlistHeaderRenderer").path("ownerText"));
    if (owner != null) {
      return owner;
    }
    JsonNode videoOwner = data.findValue("videoOwnerRenderer");
    return videoOwner == null ? null : EmbeddedJson.text(videoOwner.path("title"));
  }

  private static String alert(JsonNode data) {
    List<String> texts = new ArrayList<>();
    for (JsonNode alert : data.path("alerts")) {
      JsonNode renderer = alert.has("alertRenderer") ? alert.path("alertRenderer") : alert.path("alertWithButtonRenderer");
      String text = EmbeddedJson.text(renderer.path("text"));
      if (text != null) {
        texts.add(text);
      }
    }
    return texts.isEmpty() ? null : String.join(" ", texts);
  }
}
