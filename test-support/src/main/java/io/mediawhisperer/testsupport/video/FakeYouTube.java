package io.mediawhisperer.testsupport.video;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays YouTube's public web endpoints for the {@link VideoFixtures}, in the shapes recorded from
 * the real site: the watch page with its embedded {@code ytInitialPlayerResponse} (playability,
 * video details, caption tracks whose {@code baseUrl} points back at this server), the timedtext
 * endpoint (classic XML, or JSON3 with {@code fmt=json3}), the playlist page with its embedded
 * {@code ytInitialData} and {@code ytcfg} (Innertube key and client version), and the Innertube
 * {@code browse} endpoint that serves the playlist's next pages. Playlists come {@link #PAGE_SIZE}
 * videos a page. JSON is written by hand (test-support has no JSON library), escaped the way YouTube
 * escapes JSON inside a script: {@code < > & =} as {@code \\uXXXX}.
 */
public final class FakeYouTube extends FakeVideoServer {

  public static final int PAGE_SIZE = 2;
  /** The Innertube key the playlist pages carry and {@code browse} insists on. */
  public static final String INNERTUBE_API_KEY = "AIzaSyFakeInnertubeKeyForTests0000000000";
  public static final String CLIENT_VERSION = "2.20240611.01.00";

  private static final Pattern CONTINUATION = Pattern.compile("\"continuation\"\\s*:\\s*\"([^\"\\\\]*)\"");
  private static final Pattern CLIENT_NAME = Pattern.compile("\"clientName\"\\s*:\\s*\"WEB\"");
  private static final Pattern CLIENT_VERSION_FIELD = Pattern.compile("\"clientVersion\"\\s*:\\s*\"([^\"]+)\"");

  @Override
  protected void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange);
    switch (exchange.getRequestMethod() + " " + path) {
      case "GET /watch" -> watch(exchange, query.getOrDefault("v", ""));
      case "GET /api/timedtext" -> timedText(exchange, query);
      case "GET /playlist" -> playlist(exchange, query.getOrDefault("list", ""));
      case "POST /youtubei/v1/browse" -> browse(exchange, query.get("key"), body(exchange));
      default -> send(exchange, 404, "text/html; charset=utf-8", "<html><body>404 Not Found</body></html>");
    }
  }

  // ------------------------------------------------------------------ watch page

  private void watch(HttpExchange exchange, String videoId) throws IOException {
    if (videoId.equals(VideoFixtures.MALFORMED_ID)) {
      // a page whose player response stops mid-object, as when YouTube changes its page or a proxy cuts it
      sendHtml(exchange, page("<script nonce=\"n\">var ytInitialPlayerResponse = {\"responseContext\":{},\"playabilityStatus\":"
          + "{\"status\":\"OK\"},\"videoDetails\":{\"videoId\":\"" + videoId + "\",\"title\":\"Brok</script>"));
      return;
    }
    if (videoId.equals(VideoFixtures.HUGE_ID)) {
      String padding = "<!-- " + "x".repeat(4 * VideoFixtures.KIT_MAX_BYTES + 10_000) + " -->";
      sendHtml(exchange, page(padding + script("ytInitialPlayerResponse", playerResponse(VideoFixtures.CAPTIONED))));
      return;
    }
    String response;
    if (videoId.equals(VideoFixtures.PRIVATE_ID)) {
      response = obj("responseContext", "{}", "playabilityStatus", obj("status", str("LOGIN_REQUIRED"),
          "reason", str("This video is private"), "messages", arr(List.of(str("This is a private video. Please sign in to verify "
              + "that you may see it.")))));
    } else if (VideoFixtures.VIDEOS.containsKey(videoId)) {
      response = playerResponse(VideoFixtures.VIDEOS.get(videoId));
    } else {
      response = obj("responseContext", "{}", "playabilityStatus", obj("status", str("ERROR"), "reason", str("Video unavailable")));
    }
    sendHtml(exchange, page(script("ytInitialPlayerResponse", response)));
  }

  private String playerResponse(VideoFixtures.Video video) {
    List<String> fields = new ArrayList<>(List.of(
        "responseContext", obj("visitorData", str("CgtmYWtlVmlzaXRvcg%3D%3D")),
        "playabilityStatus", obj("status", str("OK"), "playableInEmbed", "true"),
        // a string with braces, quotes and a semicolon: the page's JSON must be read as JSON, not by counting braces
        "playerConfig", obj("note", str("closing } and \"quoted {\" text; ytInitialPlayerResponse = {}")),
        "videoDetails", obj("videoId", str(video.id()), "title", str(video.title()), "lengthSeconds", str(String.valueOf(video
            .durationSeconds())), "channelId", str("UCfakeChannel0000000000"), "isOwnerViewing", "false", "shortDescription", str(
                "About " + video.title() + " {see the links}"), "author", str(video.channel()), "isPrivate", "false")));
    if (!video.tracks().isEmpty()) {
      List<String> tracks = new ArrayList<>();
      for (VideoFixtures.Track track : video.tracks()) {
        String baseUrl = url() + "/api/timedtext?v=" + video.id() + "&ei=fakeEi&caps=asr&opi=112496729&xoaf=5&hl=en"
            + "&ip=0.0.0.0&ipbits=0&expire=4102444800&sparams=ip,ipbits,expire,v,ei,caps,opi,xoaf&signature=FAKE.SIG&key=yt8"
            + (track.automatic() ? "&kind=asr" : "") + "&lang=" + track.language();
        List<String> trackFields = new ArrayList<>(List.of("baseUrl", str(baseUrl),
            "name", obj("simpleText", str(languageName(track))),
            "vssId", str((track.automatic() ? "a." : ".") + track.language()),
            "languageCode", str(track.language())));
        if (track.automatic()) {
          trackFields.addAll(List.of("kind", str("asr")));
        }
        trackFields.addAll(List.of("isTranslatable", "true", "trackName", str("")));
        tracks.add(obj(trackFields.toArray(String[]::new)));
      }
      fields.addAll(List.of("captions", obj("playerCaptionsTracklistRenderer", obj("captionTracks", arr(tracks),
          "audioTracks", arr(List.of(obj("captionTrackIndices", arr(List.of("0"))))),
          "translationLanguages", arr(List.of(obj("languageCode", str("fr"), "languageName", obj("simpleText", str("French"))))),
          "defaultAudioTrackIndex", "0"))));
    }
    return obj(fields.toArray(String[]::new));
  }

  private static String languageName(VideoFixtures.Track track) {
    String name = switch (track.language()) {
      case "en" -> "English";
      case "de" -> "German";
      default -> track.language();
    };
    return track.automatic() ? name + " (auto-generated)" : name;
  }

  // ------------------------------------------------------------------ timedtext

  private void timedText(HttpExchange exchange, Map<String, String> query) throws IOException {
    VideoFixtures.Video video = VideoFixtures.VIDEOS.get(query.getOrDefault("v", ""));
    VideoFixtures.Track track = video == null ? null : video.tracks().stream()
        .filter(t -> t.language().equals(query.get("lang")) && t.automatic() == "asr".equals(query.get("kind")))
        .findFirst().orElse(null);
    if (track == null) {
      // YouTube answers a track it does not have with an empty 200
      send(exchange, 200, "text/html; charset=UTF-8", "");
      return;
    }
    if ("json3".equals(query.get("fmt"))) {
      send(exchange, 200, "application/json; charset=UTF-8", json3(track));
    } else {
      send(exchange, 200, "text/xml; charset=UTF-8", xml(track));
    }
  }

  /** The classic timedtext document: seconds as decimals, text XML-escaped. */
  public static String xml(VideoFixtures.Track track) {
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\" ?><transcript>");
    for (VideoFixtures.Line line : track.lines()) {
      out.append("<text start=\"").append(seconds(line.start())).append("\" dur=\"").append(seconds(line.duration())).append("\">")
          .append(xmlEscaped(line.text())).append("</text>");
    }
    return out.append("</transcript>").toString();
  }

  /**
   * The JSON3 document: a window-setup event without text first; a manual track's lines as one
   * segment each, an automatic track's word by word (as speech recognition delivers them) with the
   * newline events YouTube appends between them.
   */
  public static String json3(VideoFixtures.Track track) {
    List<String> events = new ArrayList<>();
    events.add(obj("tStartMs", "0", "dDurationMs", "3600000", "id", "1", "wpWinPosId", "1", "wsWinStyleId", "1"));
    for (VideoFixtures.Line line : track.lines()) {
      long start = Math.round(line.start() * 1000);
      long duration = Math.round(line.duration() * 1000);
      List<String> segs = new ArrayList<>();
      if (track.automatic()) {
        String[] words = line.text().split("\\s+");
        for (int i = 0; i < words.length; i++) {
          segs.add(i == 0 ? obj("utf8", str(words[i]), "acAsrConf", "0")
              : obj("utf8", str(" " + words[i]), "tOffsetMs", String.valueOf(i * 240), "acAsrConf", "0"));
        }
      } else {
        segs.add(obj("utf8", str(line.text())));
      }
      events.add(obj("tStartMs", String.valueOf(start), "dDurationMs", String.valueOf(duration), "wWinId", "1", "segs", arr(segs)));
      if (track.automatic()) {
        events.add(obj("tStartMs", String.valueOf(start + duration - 1), "dDurationMs", "1", "wWinId", "1", "aAppend", "1",
            "segs", arr(List.of(obj("utf8", str("\n"))))));
      }
    }
    return obj("wireMagic", str("pb3"), "pens", "[{}]", "wsWinStyles", "[{},{\"mhModeHint\":2}]", "wpWinPositions", "[{},{}]",
        "events", arr(events));
  }

  // ------------------------------------------------------------------ playlists

  private void playlist(HttpExchange exchange, String playlistId) throws IOException {
    if (!playlistId.equals(VideoFixtures.PLAYLIST.id())) {
      // YouTube answers a playlist that does not exist with a 200 page that only carries an alert
      String data = obj("responseContext", "{}", "alerts", arr(List.of(obj("alertRenderer", obj("type", str("ERROR"),
          "text", obj("runs", arr(List.of(obj("text", str("The playlist does not exist.")))))))))
      );
      sendHtml(exchange, page(ytcfg() + script("ytInitialData", data)));
      return;
    }
    VideoFixtures.PlaylistFixture playlist = VideoFixtures.PLAYLIST;
    String list = obj("playlistVideoListRenderer", obj("contents", arr(items(playlist, 0)),
        "playlistId", str(playlist.id()), "isEditable", "false", "canReorder", "false", "targetId", str("pl-video-list")));
    String section = obj("itemSectionRenderer", obj("contents", arr(List.of(list))));
    String tab = obj("tabRenderer", obj("selected", "true", "content", obj("sectionListRenderer", obj("contents", arr(List.of(section))))));
    String data = obj(
        "responseContext", "{}",
        "contents", obj("twoColumnBrowseResultsRenderer", obj("tabs", arr(List.of(tab)))),
        "header", obj("playlistHeaderRenderer", obj("playlistId", str(playlist.id()), "title", obj("simpleText", str(playlist.title())),
            "numVideosText", obj("runs", arr(List.of(obj("text", str(String.valueOf(playlist.videoIds().size()))),
                obj("text", str(" videos"))))),
            "ownerText", obj("runs", arr(List.of(obj("text", str(playlist.channel()))))))),
        "metadata", obj("playlistMetadataRenderer", obj("title", str(playlist.title()),
            "androidAppindexingLink", str("android-app://com.google.android.youtube/http/www.youtube.com/playlist?list=" + playlist.id()))));
    sendHtml(exchange, page(ytcfg() + script("ytInitialData", data)));
  }

  private void browse(HttpExchange exchange, String key, String body) throws IOException {
    Matcher token = CONTINUATION.matcher(body);
    Matcher version = CLIENT_VERSION_FIELD.matcher(body);
    if (!INNERTUBE_API_KEY.equals(key)) {
      sendJson(exchange, 400, error(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT"));
      return;
    }
    if (!CLIENT_NAME.matcher(body).find() || !version.find() || !token.find()) {
      sendJson(exchange, 400, error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT"));
      return;
    }
    String[] position = decodeToken(token.group(1));
    if (position == null || !position[0].equals(VideoFixtures.PLAYLIST.id())) {
      sendJson(exchange, 400, error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT"));
      return;
    }
    List<String> items = items(VideoFixtures.PLAYLIST, Integer.parseInt(position[1]));
    sendJson(exchange, 200, obj("responseContext", obj("visitorData", str("CgtmYWtlVmlzaXRvcg%3D%3D")),
        "trackingParams", str("CAAQhGciEwi"),
        "onResponseReceivedActions", arr(List.of(obj("clickTrackingParams", str("CAAQhGciEwi"),
            "appendContinuationItemsAction", obj("continuationItems", arr(items), "targetId", str("pl-video-list")))))));
  }

  /** One page of the playlist's items from {@code from}, followed by a continuation when more remain. */
  private static List<String> items(VideoFixtures.PlaylistFixture playlist, int from) {
    List<String> items = new ArrayList<>();
    int to = Math.min(playlist.videoIds().size(), from + PAGE_SIZE);
    for (int i = from; i < to; i++) {
      items.add(obj("playlistVideoRenderer", videoRenderer(playlist.videoIds().get(i), i + 1)));
    }
    if (to < playlist.videoIds().size()) {
      items.add(obj("continuationItemRenderer", obj("trigger", str("CONTINUATION_TRIGGER_ON_ITEM_SHOWN"),
          "continuationEndpoint", obj("clickTrackingParams", str("CCcQ7zsYAA"),
              "commandMetadata", obj("webCommandMetadata", obj("sendPost", "true", "apiUrl", str("/youtubei/v1/browse"))),
              "continuationCommand", obj("token", str(token(playlist.id(), to)), "request", str("CONTINUATION_REQUEST_TYPE_BROWSE"))))));
    }
    return items;
  }

  private static String videoRenderer(String videoId, int index) {
    VideoFixtures.Video video = VideoFixtures.VIDEOS.get(videoId);
    if (video == null) {
      return obj("videoId", str(videoId), "title", obj("runs", arr(List.of(obj("text", str("[Private video]"))))),
          "index", obj("simpleText", str(String.valueOf(index))), "isPlayable", "false");
    }
    return obj("videoId", str(videoId),
        "thumbnail", obj("thumbnails", arr(List.of(obj("url", str("https://i.ytimg.com/vi/" + videoId + "/hqdefault.jpg?sqp=-oaymw"),
            "width", "168", "height", "94")))),
        "title", obj("runs", arr(List.of(obj("text", str(video.title())))),
            "accessibility", obj("accessibilityData", obj("label", str(video.title() + " by " + video.channel())))),
        "index", obj("simpleText", str(String.valueOf(index))),
        "shortBylineText", obj("runs", arr(List.of(obj("text", str(video.channel()))))),
        "lengthText", obj("simpleText", str(clock(video.durationSeconds()))),
        "lengthSeconds", str(String.valueOf(video.durationSeconds())),
        "isPlayable", "true");
  }

  /** Opaque to the client, like YouTube's (base64 of a protobuf there, of "playlist:offset" here). */
  private static String token(String playlistId, int offset) {
    return Base64.getUrlEncoder().encodeToString(("4qmF:" + playlistId + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static String[] decodeToken(String token) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      return parts.length == 3 && parts[2].matches("\\d+") ? new String[] {parts[1], parts[2]} : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String error(int code, String message, String status) {
    return obj("error", obj("code", String.valueOf(code), "message", str(message), "status", str(status)));
  }

  // ------------------------------------------------------------------ page and JSON text

  private static String ytcfg() {
    return "<script nonce=\"n\">(function() {window.ytplayer={};\nytcfg.set(" + obj("CLIENT_CANARY_STATE", str("none"),
        "INNERTUBE_API_KEY", str(INNERTUBE_API_KEY), "INNERTUBE_API_VERSION", str("v1"), "INNERTUBE_CLIENT_NAME", str("WEB"),
        "INNERTUBE_CLIENT_VERSION", str(CLIENT_VERSION), "INNERTUBE_CONTEXT", obj("client", obj("hl", str("en"), "gl", str("US"),
            "clientName", str("WEB"), "clientVersion", str(CLIENT_VERSION)))) + "); window.ytcfg.obfuscatedData_ = [];})();</script>";
  }

  /** A script that assigns {@code json} the way the watch and playlist pages do, with more script after it. */
  private static String script(String variable, String json) {
    return "<script nonce=\"n\">var " + variable + " = " + json + ";var meta = document.createElement('meta'); meta.name = "
        + "'referrer'; meta.content = 'origin-when-cross-origin'; document.getElementsByTagName('head')[0].appendChild(meta);</script>";
  }

  private static String page(String scripts) {
    return "<!DOCTYPE html><html style=\"font-size: 10px;font-family: Roboto, Arial, sans-serif;\" lang=\"en\"><head>"
        + "<script nonce=\"n\">var ytInitialPlayerResponse = null;</script><title>YouTube</title></head><body dir=\"ltr\">"
        + scripts + "<div id=\"player\"></div></body></html>";
  }

  private static void sendHtml(HttpExchange exchange, String html) throws IOException {
    send(exchange, 200, "text/html; charset=utf-8", html);
  }

  private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json; charset=UTF-8", json);
  }

  /** A JSON object from alternating names and values that are JSON text already. */
  static String obj(String... namesAndValues) {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.append(i == 0 ? "" : ",").append(str(namesAndValues[i])).append(':').append(namesAndValues[i + 1]);
    }
    return out.append('}').toString();
  }

  static String arr(List<String> values) {
    return "[" + String.join(",", values) + "]";
  }

  /** A JSON string, escaped as YouTube escapes JSON inside a script. */
  static String str(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '=' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String xmlEscaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static String seconds(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String clock(int seconds) {
    return seconds / 60 + ":" + String.format("%02d", seconds % 60);
  }
}
