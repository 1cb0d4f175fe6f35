package io.mediawhisperer.plugin.transcript.youtube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.Playlist.Entry;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.VideoTranscript;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Transcripts and playlists from YouTube's public pages: a video's watch page lists its caption
 * tracks, the chosen one comes from the timedtext endpoint (as JSON3, see {@link TimedText}); a
 * playlist's page holds its title and first videos, Innertube's {@code browse} the next pages. Every
 * request goes through {@link ProviderHttp}, so only to the configured host.
 */
final class YouTubeTranscriptProvider implements TranscriptProvider {

  /** A playlist is read to its end but no further than this, so a looping continuation cannot run forever. */
  static final int MAX_PLAYLIST_VIDEOS = 5_000;
  static final int MAX_PLAYLIST_PAGES = 100;

  private static final Pattern VIDEO_ID = Pattern.compile("[A-Za-z0-9_-]{11}");
  private static final Pattern PLAYLIST_ID = Pattern.compile("[A-Za-z0-9_-]{2,64}");
  /**
   * English pages, so that YouTube's reasons read the same everywhere; SOCS=CAI answers the EU consent
   * question (declined), which YouTube otherwise asks with a redirect to consent.youtube.com, a host
   * this provider may not follow.
   */
  private static final Map<String, String> PAGE_HEADERS = Map.of("Accept-Language", "en-US,en;q=0.8", "Cookie", "SOCS=CAI");

  private final ProviderHttp http;

  YouTubeTranscriptProvider(ProviderHttp http) {
    this.http = http;
  }

  @Override
  public CompletionStage<VideoTranscript> transcript(String videoId, String language) {
    if (videoId == null || !VIDEO_ID.matcher(videoId).matches()) {
      return CompletableFuture.failedFuture(Failures.notFound("'" + videoId + "' is not a YouTube video id (11 letters, digits, - or _)"));
    }
    return http.get(http.resolve("/watch?v=" + encoded(videoId) + "&hl=en"), PAGE_HEADERS)
        .thenApply(response -> body(response, "the watch page of video " + videoId))
        .thenApply(html -> PlayerResponse.fromWatchPage(html, videoId))
        .thenCompose(player -> transcript(player, language));
  }

  private CompletionStage<VideoTranscript> transcript(PlayerResponse player, String language) {
    CaptionTrack track = CaptionTrack.choose(player.tracks(), language).orElseThrow(() -> new TranscriptException(Reason.NO_CAPTIONS,
        "video " + player.videoId() + " has no captions in any language"));
    return http.get(trackUri(track), PAGE_HEADERS)
        .thenApply(response -> TimedText.json3(body(response, "the " + track.languageCode() + " captions of video " + player.videoId())))
        .thenApply(segments -> new VideoTranscript(player.videoId(), player.title(), player.channelName(), player.durationSeconds(),
            track.languageCode(), segments));
  }

  /**
   * The track's URL with {@code fmt=json3}. YouTube gives absolute URLs on its own host; one on any
   * other host (or a relative one) is taken as a path on the configured service, so a proxy or a
   * test server in front of YouTube sees the request and no other host does.
   */
  URI trackUri(CaptionTrack track) {
    URI given;
    try {
      given = URI.create(track.baseUrl());
    } catch (IllegalArgumentException e) {
      throw Failures.invalid("a caption track's URL is not a URL", e);
    }
    String query = given.getRawQuery() == null ? "" : given.getRawQuery().replaceAll("(^|&)fmt=[^&]*", "").replaceFirst("^&", "");
    String pathAndQuery = (given.getRawPath() == null || given.getRawPath().isEmpty() ? "/" : given.getRawPath())
        + "?" + (query.isEmpty() ? "" : query + "&") + "fmt=json3";
    return given.isAbsolute() && http.onServiceHost(given) ? given.resolve(pathAndQuery) : http.resolve(pathAndQuery);
  }

  @Override
  public CompletionStage<Playlist> playlist(String playlistId) {
    if (playlistId == null || !PLAYLIST_ID.matcher(playlistId).matches()) {
      return CompletableFuture.failedFuture(Failures.notFound("'" + playlistId + "' is not a YouTube playlist id"));
    }
    return http.get(http.resolve("/playlist?list=" + encoded(playlistId) + "&hl=en"), PAGE_HEADERS)
        .thenApply(response -> body(response, "the page of playlist " + playlistId))
        .thenApply(html -> PlaylistPage.fromHtml(html, playlistId))
        .thenCompose(page -> withNextPages(page, page.firstItems().videos(), page.firstItems().continuation(), 1)
            .thenApply(videos -> new Playlist(playlistId, page.title(), page.channelName(), videos)));
  }

  /** {@code videos} so far followed by those of the pages from {@code continuation} on, one page after the other. */
  private CompletionStage<List<Entry>> withNextPages(PlaylistPage page, List<Entry> videos, String continuation, int pagesRead) {
    if (continuation == null || videos.size() >= MAX_PLAYLIST_VIDEOS || pagesRead >= MAX_PLAYLIST_PAGES) {
      return CompletableFuture.completedFuture(List.copyOf(videos.subList(0, Math.min(videos.size(), MAX_PLAYLIST_VIDEOS))));
    }
    return http.post(browseUri(page), Map.of("Accept-Language", "en-US,en;q=0.8", "X-YouTube-Client-Name", "1",
            "X-YouTube-Client-Version", page.clientVersion()), browseBody(page, continuation))
        .thenApply(response -> PlaylistItems.fromBrowse(body(response, "the next page of a playlist")))
        .thenCompose(next -> withNextPages(page, concat(videos, next.videos()), next.continuation(), pagesRead + 1));
  }

  private URI browseUri(PlaylistPage page) {
    return http.resolve("/youtubei/v1/browse?prettyPrint=false" + (page.apiKey() == null ? "" : "&key=" + encoded(page.apiKey())));
  }

  private static String browseBody(PlaylistPage page, String continuation) {
    ObjectNode body = EmbeddedJson.MAPPER.createObjectNode();
    body.putObject("context").putObject("client").put("clientName", "WEB").put("clientVersion", page.clientVersion()).put("hl", "en");
    body.put("continuation", continuation);
    return body.toString();
  }

  /** The body of a 200; YouTube's other answers as the failure they mean. */
  private static String body(ProviderHttp.Response response, String what) {
    return switch (response.status()) {
      case 200 -> response.body();
      case 404, 410 -> throw Failures.notFound("YouTube has no " + what.replaceFirst("^the ", "") + " (" + response.status() + ")");
      case 401, 403 -> throw new TranscriptException(Reason.REFUSED, "YouTube refused this server " + what + " (" + response.status() + ")");
      default -> throw Failures.invalid(what + " came back with status " + response.status());
    };
  }

  private static List<Entry> concat(List<Entry> first, List<Entry> then) {
    List<Entry> all = new ArrayList<>(first.size() + then.size());
    all.addAll(first);
    all.addAll(then);
    return all;
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
