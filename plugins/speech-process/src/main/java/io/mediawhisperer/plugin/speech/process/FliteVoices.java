package io.mediawhisperer.plugin.speech.process;

import io.mediawhisperer.spi.speech.Voice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The voices in {@code flite -lv} ({@code Voices available: kal awb_time kal16 awb rms slt}).
 * Voices ending in {@code _time} are left out: they are limited-domain voices that can only say
 * the time of day. Every flite voice reads US English (its lexicon is CMU's US English one).
 */
final class FliteVoices {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]*");
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "slt", "SLT (flite, US English female)",
      "rms", "RMS (flite, US English male)",
      "awb", "AWB (flite, English male, Scottish accent)",
      "kal", "Kal (flite diphone, US English male, 8 kHz)",
      "kal16", "Kal (flite diphone, US English male, 16 kHz)");

  private FliteVoices() {
  }

  static List<VoiceTable.Entry> parse(String engine, String listing) {
    int start = listing.indexOf(':');
    List<VoiceTable.Entry> voices = new ArrayList<>();
    for (String name : listing.substring(start + 1).strip().split("\\s+")) {
      if (!NAME.matcher(name).matches() || name.endsWith("_time")) {
        continue;
      }
      String description = DESCRIPTIONS.getOrDefault(name, name + " (flite, US English)");
      voices.add(new VoiceTable.Entry(new Voice(engine + ":" + name, engine, "en-US", description), name));
    }
    return voices;
  }
}
