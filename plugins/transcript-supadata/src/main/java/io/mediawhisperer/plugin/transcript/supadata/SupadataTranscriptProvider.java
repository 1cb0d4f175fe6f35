package io.mediawhisperer.plugin.transcript.supadata;

import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.VideoTranscript;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Supadata's YouTube endpoints: a video is its metadata ({@code /youtube/video}) plus its
 * transcript ({@code /youtube/transcript}), a playlist its metadata ({@code /youtube/playlist})
 * plus its video ids ({@code /youtube/playlist/videos}).
 *
 * <p>The second request of each pair waits for the first, though they do not depend on each other:
 * against a failing service, two requests in parallel would each run their own retries, doubling
 * the load on a service already in trouble and the quota spent (the contract kit counts them); and
 * a missing video or playlist costs one request instead of two.
 */
final class SupadataTranscriptProvider implements TranscriptProvider {

  /** Supadata's largest page of a playlist's videos; it has no continuation, so one page is the whole listing. */
  static final int PLAYLIST_LIMIT = 5000;

  private final ProviderHttp http;
  private final Map<String, String> headers;
  private final SupadataFailures failures;

  SupadataTranscriptProvider(ProviderHttp http) {
    this.http = http;
    this.headers = Map.of("x-api-key", http.settings().apiKey(), "Accept", "application/json");
    this.failures = new SupadataFailures(http.settings().apiKey());
  }

  @Override
  public CompletionStage<VideoTranscript> transcript(String videoId, String language) {
    Objects.requireNonNull(videoId, "videoId");
    String what = "video " + videoId;
    CompletionStage<SupadataAnswers.VideoMetadata> metadata = fetch("/youtube/video?id=" + encoded(videoId), what)
        .thenApply(body -> SupadataAnswers.videoMetadata(body, what));
    CompletionStage<SupadataAnswers.Transcript> transcript = metadata
        .thenCompose(found -> fetch(transcriptPath(videoId, language), "the transcript of " + what))
        .thenApply(body -> SupadataAnswers.transcript(body, what));
    return metadata.thenCombine(transcript, (video, track) ->
        new VideoTranscript(videoId, video.title(), video.channelName(), video.durationSeconds(), track.language(), track.segments()));
  }

  @Override
  public CompletionStage<Playlist> playlist(String playlistId) {
    Objects.requireNonNull(playlistId, "playlistId");
    String what = "playlist " + playlistId;
    CompletionStage<SupadataAnswers.PlaylistMetadata> metadata = fetch("/youtube/playlist?id=" + encoded(playlistId), what)
        .thenApply(body -> SupadataAnswers.playlistMetadata(body, what));
    CompletionStage<List<Playlist.Entry>> videos = metadata
        .thenCompose(found -> fetch("/youtube/playlist/videos?id=" + encoded(playlistId) + "&limit=" + PLAYLIST_LIMIT,
            "the videos of " + what))
        .thenApply(body -> SupadataAnswers.playlistVideos(body, what));
    return metadata.thenCombine(videos, (playlist, entries) ->
        new Playlist(playlistId, playlist.title(), playlist.channelName(), entries));
  }

  /** The body of a 200 answer; any other answer fails with the reason Supadata's status and error code mean. */
  private CompletionStage<String> fetch(String pathAndQuery, String what) {
    return http.get(http.resolve(pathAndQuery), headers).thenApply(response -> failures.bodyOf(response, what));
  }

  /** Without {@code lang} (or in one the video lacks) Supadata answers in the video's own language. */
  private static String transcriptPath(String videoId, String language) {
    String path = "/youtube/transcript?videoId=" + encoded(videoId);
    return language == null || language.isBlank() ? path : path + "&lang=" + encoded(language);
  }

  private static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
