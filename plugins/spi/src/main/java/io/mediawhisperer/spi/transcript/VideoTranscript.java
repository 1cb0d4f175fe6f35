package io.mediawhisperer.spi.transcript;

import java.util.List;
import java.util.Objects;

/**
 * A video with its timed transcript. {@code channelName}, {@code durationSeconds} may be null when
 * the service does not say; {@code language} is the transcript's language (ISO 639-1 where known).
 */
public record VideoTranscript(String videoId, String title, String channelName, Double durationSeconds, String language,
    List<Segment> segments) {

  public VideoTranscript {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(title, "title");
    segments = List.copyOf(segments);
  }

  /** A stretch of speech: start and duration in seconds, the words said. */
  public record Segment(double start, double duration, String text) {

    public Segment {
      Objects.requireNonNull(text, "text");
    }
  }
}
