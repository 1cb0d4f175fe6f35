package io.mediawhisperer.plugin.transcript.supadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.spi.transcript.VideoTranscript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Supadata's 200 answers read into what the SPI returns; an answer without what it must hold is INVALID_RESPONSE. */
final class SupadataAnswers {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The lists a playlist's videos come in; Supadata keeps each kind apart, so order holds within a kind only. */
  private static final List<String> VIDEO_ID_LISTS = List.of("videoIds", "shortIds", "liveIds");

  private SupadataAnswers() {
  }

  record VideoMetadata(String title, String channelName, Double durationSeconds) {
  }

  record Transcript(String language, List<VideoTranscript.Segment> segments) {
  }

  record PlaylistMetadata(String title, String channelName) {
  }

  static VideoMetadata videoMetadata(String body, String what) {
    JsonNode video = parsed(body, what);
    JsonNode duration = video.path("duration");
    return new VideoMetadata(requiredText(video, "title", what), video.path("channel").path("name").textValue(),
        duration.isNumber() ? duration.doubleValue() : null);
  }

  /** The lines in order of their start, times from milliseconds to seconds, whitespace collapsed, empty ones left out. */
  static Transcript transcript(String body, String what) {
    JsonNode answer = parsed(body, what);
    JsonNode content = answer.path("content");
    if (!content.isArray()) {
      throw invalid("Supadata's transcript of " + what + " has no list of lines");
    }
    List<VideoTranscript.Segment> segments = new ArrayList<>();
    for (JsonNode chunk : content) {
      String text = requiredText(chunk, "text", what).replaceAll("\\s+", " ").strip();
      if (!text.isEmpty()) {
        segments.add(new VideoTranscript.Segment(seconds(chunk, "offset", what), seconds(chunk, "duration", what), text));
      }
    }
    if (segments.isEmpty()) {
      throw new TranscriptException(Reason.NO_CAPTIONS, "Supadata's transcript of " + what + " has no lines");
    }
    segments.sort(Comparator.comparingDouble(VideoTranscript.Segment::start));
    String language = answer.path("lang").textValue();
    return new Transcript(language != null ? language : content.get(0).path("lang").textValue(), segments);
  }

  static PlaylistMetadata playlistMetadata(String body, String what) {
    JsonNode playlist = parsed(body, what);
    return new PlaylistMetadata(requiredText(playlist, "title", what), playlist.path("channel").path("name").textValue());
  }

  /** Every id once, videos first, then shorts and live streams; Supadata lists no titles or durations. */
  static List<Playlist.Entry> playlistVideos(String body, String what) {
    JsonNode listing = parsed(body, what);
    if (!listing.path("videoIds").isArray()) {
      throw invalid("Supadata's listing of " + what + " has no video ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String list : VIDEO_ID_LISTS) {
      for (JsonNode id : listing.path(list)) {
        if (id.isTextual() && !id.textValue().isBlank()) {
          ids.add(id.textValue());
        }
      }
    }
    return ids.stream().map(id -> new Playlist.Entry(id, null, null)).toList();
  }

  private static JsonNode parsed(String body, String what) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw invalid("Supadata answered " + what + " with something other than a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new TranscriptException(Reason.INVALID_RESPONSE, "Supadata answered " + what + " with JSON that cannot be read ("
          + e.getClass().getSimpleName() + ")", null, e);
    }
  }

  private static String requiredText(JsonNode node, String field, String what) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw invalid("Supadata's answer about " + what + " has no '" + field + "'");
    }
    return value.textValue();
  }

  private static double seconds(JsonNode chunk, String field, String what) {
    JsonNode millis = chunk.path(field);
    if (!millis.isNumber()) {
      throw invalid("a line of Supadata's transcript of " + what + " has no '" + field + "' in milliseconds");
    }
    return Math.max(0, millis.doubleValue() / 1000.0);
  }

  private static TranscriptException invalid(String message) {
    return new TranscriptException(Reason.INVALID_RESPONSE, message);
  }
}
