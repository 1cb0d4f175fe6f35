package io.mediawhisperer.testsupport.video;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Supadata's hosted transcript API ({@code /v1/youtube/...}, JSON, an {@code x-api-key}
 * header) over {@link VideoFixtures}. The API lives under {@code /v1}: a provider's {@code url}
 * setting is {@code url() + "/v1"}. Every request without the key {@value #API_KEY} is refused with
 * 401, as Supadata refuses a missing or wrong key.
 *
 * <p>What it plays: {@link VideoFixtures#PRIVATE_ID} and unknown ids are 404 {@code not-found};
 * {@link VideoFixtures#NO_CAPTIONS} has metadata but its transcript is 206 {@code transcript-unavailable}
 * (Supadata's answer for a video without a transcript); {@link VideoFixtures#MALFORMED_ID} gets 200
 * with broken JSON; {@link VideoFixtures#HUGE_ID} a 200 body over four times
 * {@link VideoFixtures#KIT_MAX_BYTES}; a transcript asked in a language the video has no track in
 * comes in the video's own language (its first manual track). {@link VideoFixtures#PLAYLIST} is
 * listed in one page.
 */
public final class FakeSupadata extends FakeVideoServer {

  /** The only key this fake accepts (the one the contract kit opens providers with). */
  public static final String API_KEY = "kit-api-key";
  private static final String API_PREFIX = "/v1";

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
      error(exchange, 401, "unauthorized", "Invalid or missing API key");
      return;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      error(exchange, 405, "invalid-request", "Method not allowed");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (!path.startsWith(API_PREFIX + "/")) {
      error(exchange, 404, "not-found", "No such endpoint");
      return;
    }
    Map<String, String> query = query(exchange);
    switch (path.substring(API_PREFIX.length())) {
      case "/youtube/video" -> video(exchange, query.get("id"));
      case "/youtube/transcript" -> transcript(exchange, query.get("videoId"), query.get("lang"));
      case "/youtube/playlist" -> playlist(exchange, query.get("id"));
      case "/youtube/playlist/videos" -> playlistVideos(exchange, query.get("id"));
      default -> error(exchange, 404, "not-found", "No such endpoint");
    }
  }

  private void video(HttpExchange exchange, String id) throws IOException {
    if (answeredSpecially(exchange, id)) {
      return;
    }
    VideoFixtures.Video video = VideoFixtures.VIDEOS.get(id);
    if (video == null) {
      error(exchange, 404, "not-found", "Video not found");
      return;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("id", video.id());
    metadata.put("title", video.title());
    metadata.put("description", "About " + video.title() + " & more: <see> \"notes\"");
    metadata.put("duration", video.durationSeconds());
    metadata.put("channel", Map.of("id", "UCkit" + video.channel().hashCode(), "name", video.channel()));
    metadata.put("tags", List.of("vectors", "search"));
    metadata.put("thumbnail", "https://i.ytimg.com/vi/" + video.id() + "/hqdefault.jpg");
    metadata.put("uploadDate", "2024-05-01T00:00:00.000Z");
    metadata.put("viewCount", 1234);
    metadata.put("likeCount", 56);
    metadata.put("transcriptLanguages", video.tracks().stream().map(VideoFixtures.Track::language).toList());
    json(exchange, 200, metadata);
  }

  private void transcript(HttpExchange exchange, String videoId, String language) throws IOException {
    if (answeredSpecially(exchange, videoId)) {
      return;
    }
    VideoFixtures.Video video = VideoFixtures.VIDEOS.get(videoId);
    if (video == null) {
      error(exchange, 404, "not-found", "Video not found");
      return;
    }
    if (video.tracks().isEmpty()) {
      error(exchange, 206, "transcript-unavailable", "No transcript is available for this video");
      return;
    }
    VideoFixtures.Track track = chosenTrack(video, language);
    List<Object> content = new ArrayList<>();
    for (VideoFixtures.Line line : track.lines()) {
      Map<String, Object> chunk = new LinkedHashMap<>();
      chunk.put("text", line.text());
      chunk.put("offset", Math.round(line.start() * 1000));
      chunk.put("duration", Math.round(line.duration() * 1000));
      chunk.put("lang", track.language());
      content.add(chunk);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("content", content);
    answer.put("lang", track.language());
    answer.put("availableLangs", video.tracks().stream().map(VideoFixtures.Track::language).toList());
    json(exchange, 200, answer);
  }

  /** The track in {@code language}, else the video's default: its first manual track, else its first. */
  private static VideoFixtures.Track chosenTrack(VideoFixtures.Video video, String language) {
    return video.tracks().stream().filter(t -> t.language().equals(language)).findFirst()
        .or(() -> video.tracks().stream().filter(t -> !t.automatic()).findFirst())
        .orElse(video.tracks().get(0));
  }

  private void playlist(HttpExchange exchange, String id) throws IOException {
    if (!VideoFixtures.PLAYLIST.id().equals(id)) {
      error(exchange, 404, "not-found", "Playlist not found");
      return;
    }
    VideoFixtures.PlaylistFixture playlist = VideoFixtures.PLAYLIST;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", playlist.id());
    answer.put("title", playlist.title());
    answer.put("description", "Everything about \"vector search\" & <ANN>");
    answer.put("videoCount", playlist.videoIds().size());
    answer.put("viewCount", 4321);
    answer.put("lastUpdated", "2024-06-01T00:00:00.000Z");
    answer.put("channel", Map.of("id", "UCkitVectorTalks", "name", playlist.channel()));
    json(exchange, 200, answer);
  }

  private void playlistVideos(HttpExchange exchange, String id) throws IOException {
    if (!VideoFixtures.PLAYLIST.id().equals(id)) {
      error(exchange, 404, "not-found", "Playlist not found");
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("videoIds", VideoFixtures.PLAYLIST.videoIds());
    answer.put("shortIds", List.of());
    answer.put("liveIds", List.of());
    json(exchange, 200, answer);
  }

  /** The ids every endpoint answers the same way; true when this one was answered. */
  private static boolean answeredSpecially(HttpExchange exchange, String id) throws IOException {
    if (VideoFixtures.PRIVATE_ID.equals(id)) {
      error(exchange, 404, "not-found", "Video not found or private");
      return true;
    }
    if (VideoFixtures.MALFORMED_ID.equals(id)) {
      send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"title\":\"Broken\",\"content\":[{\"text\":");
      return true;
    }
    if (VideoFixtures.HUGE_ID.equals(id)) {
      String filler = "x".repeat(4 * VideoFixtures.KIT_MAX_BYTES + 1024);
      send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"title\":\"" + filler + "\"}");
      return true;
    }
    return false;
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error", code);
    answer.put("message", message);
    answer.put("details", message + " (fake Supadata)");
    answer.put("documentationUrl", "https://docs.supadata.ai/errors/" + code);
    json(exchange, status, answer);
  }

  private static void json(HttpExchange exchange, int status, Object value) throws IOException {
    send(exchange, status, "application/json", toJson(value));
  }

  /** JSON text of strings, numbers, booleans, null, lists and maps (test-support has no JSON library). */
  static String toJson(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  private static void write(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> quote(out, s);
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.append(first ? "" : ",");
          first = false;
          quote(out, String.valueOf(e.getKey()));
          out.append(':');
          write(out, e.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          out.append(i == 0 ? "" : ",");
          write(out, list.get(i));
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("no JSON for " + value.getClass());
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
