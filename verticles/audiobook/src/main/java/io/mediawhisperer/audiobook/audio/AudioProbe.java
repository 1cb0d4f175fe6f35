package io.mediawhisperer.audiobook.audio;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What ffprobe reads in an audio file: its length, its (first) audio stream and its chapters.
 *
 * @param durationSeconds the container's duration
 * @param codec           ffprobe's codec name: {@code aac}, {@code mp3}, {@code opus}, {@code pcm_s16le}
 * @param sampleRate      Hz
 * @param channels        1 for mono
 * @param chapters        in file order; empty when it has none
 * @param tags            the container's tags and then the audio stream's (where Ogg keeps its
 *                        Vorbis comments), keys in lower case ({@code title}, {@code artist},
 *                        {@code album}): MP4, ID3 and Vorbis comments spell them differently
 */
public record AudioProbe(double durationSeconds, String codec, int sampleRate, int channels, List<Chapter> chapters,
                         Map<String, String> tags) {

  /** A chapter as the file lists it, times in seconds. */
  public record Chapter(String title, double startSeconds, double endSeconds) {
  }

  public AudioProbe {
    chapters = List.copyOf(chapters);
    tags = Map.copyOf(tags);
  }

  /** The duration in whole milliseconds, rounded. */
  public long durationMs() {
    return Math.round(durationSeconds * 1000);
  }

  /**
   * Reads the JSON of {@code ffprobe -print_format json -show_format -show_streams -show_chapters}.
   *
   * @throws IllegalArgumentException when it is no such JSON or has no audio stream or duration;
   *                                  the message says which
   */
  static AudioProbe parse(String json) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("ffprobe's answer is not JSON: " + e.getMessage(), e);
    }
    JsonObject format = root.getJsonObject("format", new JsonObject());
    JsonObject audio = null;
    for (Object stream : root.getJsonArray("streams", new JsonArray())) {
      if (stream instanceof JsonObject s && "audio".equals(s.getString("codec_type"))) {
        audio = s;
        break;
      }
    }
    if (audio == null) {
      throw new IllegalArgumentException("it has no audio stream");
    }
    double duration = number(format.getValue("duration"), Double.NaN);
    if (Double.isNaN(duration)) {
      duration = number(audio.getValue("duration"), Double.NaN);
    }
    if (Double.isNaN(duration)) {
      throw new IllegalArgumentException("its duration is unknown");
    }
    List<Chapter> chapters = new ArrayList<>();
    for (Object item : root.getJsonArray("chapters", new JsonArray())) {
      if (item instanceof JsonObject c) {
        String title = c.getJsonObject("tags", new JsonObject()).getString("title", "");
        chapters.add(new Chapter(title, number(c.getValue("start_time"), 0), number(c.getValue("end_time"), 0)));
      }
    }
    // MP4 and ID3 tags are the container's; Ogg keeps them as the stream's Vorbis comments
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonObject source : List.of(format.getJsonObject("tags", new JsonObject()), audio.getJsonObject("tags", new JsonObject()))) {
      source.forEach(e -> tags.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), String.valueOf(e.getValue())));
    }
    return new AudioProbe(duration, audio.getString("codec_name", ""), (int) number(audio.getValue("sample_rate"), 0),
        (int) number(audio.getValue("channels"), 0), chapters, tags);
  }

  /** ffprobe writes most numbers as strings ("10.942667"). */
  private static double number(Object value, double absent) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return absent;
      }
    }
    return absent;
  }
}
