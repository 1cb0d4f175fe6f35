package io.mediawhisperer.bus;

/**
 * The bus contract of the transcripts verticle: the only part of the server that reaches the
 * network for media. It fetches a video's timed transcript and a playlist's videos through the
 * configured transcript provider plugin, and keeps a cache of transcripts by video id shared by all
 * users (table {@code video_transcripts}): a public transcript is fetched once per language, then
 * served from the cache until it is {@code transcript-cache-max-age-hours} old. Requests carry no
 * user: what is cached is public, and each user's source is made from it by ingestion.
 *
 * <p>Failures: 404 {@value #VIDEO_NOT_FOUND} / {@value #PLAYLIST_NOT_FOUND} (missing, private,
 * removed), 422 {@value #NO_CAPTIONS}, 503 {@value #PROVIDER_UNAVAILABLE} (no provider configured,
 * no network, the service failing or limiting this server; with a retry-after when it said one), 502
 * {@value #PROVIDER_ERROR} (an answer the provider could not read, or too large).
 */
public final class TranscriptBus {

  /**
   * {@code {"videoId", "language"?}} -> {@code {"video": {"videoId", "title", "channelName"?,
   * "durationSeconds"?, "language"?, "segments": [{"start", "duration", "text"}]}, "cached": bool,
   * "fetchedAt"}}; {@code cached} says the answer came from the cache without a fetch. Concurrent
   * requests for the same video and language share one fetch.
   */
  public static final String VIDEO = "transcripts.video";

  /**
   * {@code {"playlistId"}} -> {@code {"playlist": {"playlistId", "title", "channelName"?, "videos":
   * [{"videoId", "title"?, "durationSeconds"?}]}}}, every video in playlist order (not cached: a
   * playlist changes).
   */
  public static final String PLAYLIST = "transcripts.playlist";

  /**
   * The cache sweep, run by the cleanup verticle's schedule: {@code {}} -> {@code {"removed": n,
   * "entries": m}}: entries nobody asked for in {@code transcript-cache-unused-days} are removed.
   */
  public static final String SWEEP_CACHE = "transcripts.sweep.cache";

  public static final String VIDEO_NOT_FOUND = "video_not_found";
  public static final String PLAYLIST_NOT_FOUND = "playlist_not_found";
  public static final String NO_CAPTIONS = "no_captions";
  public static final String PROVIDER_UNAVAILABLE = "provider_unavailable";
  public static final String PROVIDER_ERROR = "provider_error";

  private TranscriptBus() {
  }
}
