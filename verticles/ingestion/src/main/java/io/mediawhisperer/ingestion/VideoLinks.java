package io.mediawhisperer.ingestion;

import io.mediawhisperer.bus.Failure;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The video and playlist links a user may paste: YouTube's watch, youtu.be, shorts, embed, live and
 * playlist shapes (any of its hosts, with or without a scheme). Start times ({@code t=}) and
 * tracking parameters are ignored; anything else is refused with the shapes that are accepted.
 */
final class VideoLinks {

  static final String SHAPES = "https://www.youtube.com/watch?v=VIDEO_ID, https://youtu.be/VIDEO_ID,"
      + " https://www.youtube.com/shorts/VIDEO_ID, https://www.youtube.com/embed/VIDEO_ID, https://www.youtube.com/live/VIDEO_ID"
      + " or https://www.youtube.com/playlist?list=PLAYLIST_ID";
  static final int MAX_URL = 2_000;

  private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final Pattern PLAYLIST_ID = Pattern.compile("[A-Za-z0-9_-]{2,64}");
  private static final Set<String> HOSTS = Set.of("youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
      "youtube-nocookie.com", "www.youtube-nocookie.com");
  private static final Set<String> VIDEO_PATHS = Set.of("shorts", "embed", "live", "v");

  /** What a link names: a video, a playlist, or (a video played within a playlist) both. */
  record Link(String videoId, String playlistId) {
  }

  private VideoLinks() {
  }

  static Link parse(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      throw refused("url must be a link of up to " + MAX_URL + " characters");
    }
    String text = url.trim();
    URI uri;
    try {
      uri = new URI(text.contains("://") ? text : "https://" + text);
    } catch (URISyntaxException e) {
      throw refused("url is not a link");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw refused("url must be an http(s) link");
    }
    String[] path = (uri.getPath() == null ? "" : uri.getPath()).replaceAll("^/+|/+$", "").split("/");
    String v = query(uri, "v");
    String list = query(uri, "list");
    Link link;
    if (host.equals("youtu.be")) {
      link = new Link(path[0], list);
    } else if (HOSTS.contains(host) && path.length >= 1 && path[0].equals("watch")) {
      link = new Link(v, list);
    } else if (HOSTS.contains(host) && path.length >= 1 && path[0].equals("playlist")) {
      link = new Link(null, list);
    } else if (HOSTS.contains(host) && path.length >= 2 && VIDEO_PATHS.contains(path[0])) {
      link = new Link(path[1], list);
    } else {
      throw refused("this is not a video or playlist link this server reads");
    }
    String videoId = link.videoId() == null || link.videoId().isEmpty() ? null : link.videoId();
    String playlistId = link.playlistId() == null || link.playlistId().isEmpty() ? null : link.playlistId();
    if (videoId != null && !VIDEO_ID.matcher(videoId).matches()) {
      throw refused("the link's video id '" + videoId + "' is not an 11-character YouTube id");
    }
    if (playlistId != null && !PLAYLIST_ID.matcher(playlistId).matches()) {
      throw refused("the link's playlist id is not a YouTube playlist id");
    }
    if (videoId == null && playlistId == null) {
      throw refused("the link names no video and no playlist");
    }
    return new Link(videoId, playlistId);
  }

  /**
   * Whether the link is on a video service this server fetches from (whatever its shape): a
   * playlist collection with such a link is fetched; one with another address keeps it as its
   * address, as before links were fetched.
   */
  static boolean onVideoService(String url) {
    if (url == null) {
      return false;
    }
    String text = url.trim();
    try {
      String host = new URI(text.contains("://") ? text : "https://" + text).getHost();
      return host != null && (host.equalsIgnoreCase("youtu.be") || HOSTS.contains(host.toLowerCase(Locale.ROOT)));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The video a link names, for {@code kind: video}. */
  static String video(String url) {
    Link link = parse(url);
    if (link.videoId() == null) {
      throw Failure.invalidInput("this is a playlist link: add it as a collection, POST /api/v1/collections"
          + " {\"kind\": \"playlist\", \"url\"}").asException();
    }
    return link.videoId();
  }

  /** The playlist a link names, for a playlist collection. */
  static String playlist(String url) {
    Link link = parse(url);
    if (link.playlistId() == null) {
      throw Failure.invalidInput("this link names a video, not a playlist: add it as a source, POST /api/v1/sources"
          + " {\"kind\": \"video\", \"url\"}").asException();
    }
    return link.playlistId();
  }

  private static String query(URI uri, String name) {
    String raw = uri.getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static RuntimeException refused(String why) {
    return Failure.invalidInput(why + "; links this server takes: " + SHAPES).asException();
  }
}
