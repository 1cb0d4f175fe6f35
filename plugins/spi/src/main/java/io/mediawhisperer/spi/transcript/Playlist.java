package io.mediawhisperer.spi.transcript;

import java.util.List;
import java.util.Objects;

/** A playlist: its title, its channel (null when unknown) and its videos in playlist order. */
public record Playlist(String playlistId, String title, String channelName, List<Entry> videos) {

  public Playlist {
    Objects.requireNonNull(playlistId, "playlistId");
    Objects.requireNonNull(title, "title");
    videos = List.copyOf(videos);
  }

  /** One video of a playlist; {@code title} and {@code durationSeconds} may be null when the service does not list them. */
  public record Entry(String videoId, String title, Double durationSeconds) {

    public Entry {
      Objects.requireNonNull(videoId, "videoId");
    }
  }
}
