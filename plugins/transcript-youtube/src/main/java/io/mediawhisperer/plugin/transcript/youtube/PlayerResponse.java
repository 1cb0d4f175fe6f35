package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a watch page's {@code ytInitialPlayerResponse} says about a video: its details and its caption tracks. */
record PlayerResponse(String videoId, String title, String channelName, Double durationSeconds, List<CaptionTrack> tracks) {

  /**
   * Reads a watch page. A video YouTube will not play (private, removed, never existed) is
   * NOT_FOUND with YouTube's reason; a page that asks to prove this server is no bot is REFUSED (it is
   * this server that is turned away, not the video that is missing).
   */
  static PlayerResponse fromWatchPage(String html, String videoId) {
    JsonNode player = EmbeddedJson.assignedObject(html, "ytInitialPlayerResponse")
        .orElseThrow(() -> Failures.invalid("the watch page of " + videoId + " holds no player response"));
    JsonNode playability = player.path("playabilityStatus");
    String status = playability.path("status").asText("");
    if (!status.isEmpty() && !status.equals("OK")) {
      String reason = playability.path("reason").asText(status);
      if (status.equals("LOGIN_REQUIRED") && reason.toLowerCase(Locale.ROOT).contains("bot")) {
        throw new TranscriptException(Reason.REFUSED, "YouTube refuses this server for video " + videoId + ": " + reason);
      }
      throw Failures.notFound("YouTube cannot show video " + videoId + ": " + reason + " (" + status + ")");
    }
    JsonNode details = player.path("videoDetails");
    String title = details.path("title").asText(null);
    if (title == null) {
      throw Failures.invalid("the player response of " + videoId + " has no video title");
    }
    String channel = details.path("author").asText(null);
    return new PlayerResponse(details.path("videoId").asText(videoId), title, channel, seconds(details.path("lengthSeconds")),
        tracks(player, videoId));
  }

  private static List<CaptionTrack> tracks(JsonNode player, String videoId) {
    List<CaptionTrack> tracks = new ArrayList<>();
    for (JsonNode track : player.path("captions").path("playerCaptionsTracklistRenderer").path("captionTracks")) {
      String baseUrl = track.path("baseUrl").asText(null);
      String language = track.path("languageCode").asText(null);
      if (baseUrl == null || language == null) {
        throw Failures.invalid("a caption track of " + videoId + " has no baseUrl or languageCode");
      }
      tracks.add(new CaptionTrack(baseUrl, language, "asr".equals(track.path("kind").asText(null))));
    }
    return tracks;
  }

  /** lengthSeconds is a string in player responses and playlist items; null when absent or not a number. */
  static Double seconds(JsonNode value) {
    if (value.isNumber()) {
      return value.asDouble();
    }
    try {
      return value.isTextual() ? Double.valueOf(value.asText().trim()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
