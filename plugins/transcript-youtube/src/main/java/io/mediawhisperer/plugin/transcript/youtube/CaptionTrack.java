package io.mediawhisperer.plugin.transcript.youtube;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A caption track a watch page lists: where to fetch it, its language, whether speech recognition made it. */
record CaptionTrack(String baseUrl, String languageCode, boolean automatic) {

  /**
   * The track to read for {@code language} (may be null): one in that language, a manual one before
   * an automatic one; otherwise the video's own: the first manual track, else the first track.
   * "en" also takes "en-GB" when there is no plain "en".
   */
  static Optional<CaptionTrack> choose(List<CaptionTrack> tracks, String language) {
    if (language != null && !language.isBlank()) {
      String asked = language.trim().toLowerCase(Locale.ROOT);
      Optional<CaptionTrack> exact = preferManual(tracks.stream().filter(t -> t.languageCode().equalsIgnoreCase(asked)).toList());
      if (exact.isPresent()) {
        return exact;
      }
      Optional<CaptionTrack> regional = preferManual(tracks.stream().filter(t -> primary(t.languageCode()).equals(primary(asked))).toList());
      if (regional.isPresent()) {
        return regional;
      }
    }
    return preferManual(tracks);
  }

  private static Optional<CaptionTrack> preferManual(List<CaptionTrack> tracks) {
    return tracks.stream().filter(t -> !t.automatic()).findFirst().or(() -> tracks.stream().findFirst());
  }

  private static String primary(String code) {
    int dash = code.indexOf('-');
    return (dash < 0 ? code : code.substring(0, dash)).toLowerCase(Locale.ROOT);
  }
}
