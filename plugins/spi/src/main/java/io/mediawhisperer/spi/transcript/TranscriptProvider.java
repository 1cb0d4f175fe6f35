package io.mediawhisperer.spi.transcript;

import java.util.concurrent.CompletionStage;

/**
 * Fetches a video's metadata and timed transcript, and a playlist's videos, from one service.
 * Asynchronous: no method blocks the caller's thread. Every failure is a {@link TranscriptException}
 * whose {@link TranscriptException.Reason} says what the caller can do about it (the contract kit
 * checks each one).
 *
 * <p>Rules: ids are YouTube's (11-character video ids, playlist ids); segments come in order of
 * their start, with times in seconds from the start of the video, non-negative, and text without
 * markup; a response larger than the configured {@code max-bytes} fails with
 * {@link TranscriptException.Reason#TOO_LARGE} without being read to its end; requests go only to
 * the configured service's host.
 */
public interface TranscriptProvider extends AutoCloseable {

  /**
   * The video's metadata and transcript, in {@code language} (an ISO 639-1 code) when the video
   * has a track in it, otherwise in its own language (a manual track before an automatic one);
   * {@code language} may be null.
   */
  CompletionStage<VideoTranscript> transcript(String videoId, String language);

  /** The playlist's title and every one of its videos in playlist order (all pages of it). */
  CompletionStage<Playlist> playlist(String playlistId);

  @Override
  default void close() {
  }
}
