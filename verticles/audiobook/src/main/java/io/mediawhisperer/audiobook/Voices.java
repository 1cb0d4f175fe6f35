package io.mediawhisperer.audiobook;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.spi.NamedPlugins;
import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechSynthesizer;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.mediawhisperer.spi.speech.Voice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speech engines this node runs and their voices. The default voice ({@code speech-voice =
 * auto}) follows the document's language: for English, flite's {@code slt} when flite is installed
 * (the most natural of the engines here), else FreeTTS's {@code kevin16} (in the jar, so a fresh
 * machine always has a voice); for any other language, espeak-ng's voice for it when espeak-ng is
 * installed, else the English default.
 */
final class Voices implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Voices.class);
  static final String AUTO = "auto";
  /** English voices in the order auto prefers them. */
  private static final List<String> ENGLISH_PREFERENCE = List.of("flite:slt", "freetts:kevin16", "espeak-ng:en-us", "espeak-ng:en");

  private final Map<String, SpeechSynthesizer> engines;
  private final Map<String, Voice> voices = new LinkedHashMap<>();
  private final String configured;

  Voices(Map<String, SpeechSynthesizer> engines, String configured) {
    this.engines = engines;
    engines.values().forEach(engine -> engine.voices().forEach(voice -> voices.put(voice.id(), voice)));
    if (voices.isEmpty()) {
      throw new IllegalStateException("no speech engine could be opened, so no audiobook can be made");
    }
    if (configured != null && !AUTO.equals(configured) && !voices.containsKey(configured)) {
      LOG.warn("speech-voice '{}' is not installed here; choosing voices by language instead", configured);
      configured = AUTO;
    }
    this.configured = configured == null ? AUTO : configured;
  }

  /** Blocking: opens every engine that can run here. */
  static Voices open(NamedPlugins<SpeechSynthesizerProvider> providers, PluginSettings settings, String configured) {
    Map<String, SpeechSynthesizer> engines = new LinkedHashMap<>();
    for (String name : providers.names()) {
      SpeechSynthesizerProvider provider = providers.get(name);
      // opened even when available() says no: a program outside PATH is found by its path setting
      try {
        engines.put(name, provider.open(settings));
      } catch (Exception e) {
        LOG.info("speech engine {} is not used on this node: {}", name, e.getMessage());
      }
    }
    LOG.info("speech engines: {}", engines.keySet());
    return new Voices(engines, configured);
  }

  List<Voice> all() {
    return new ArrayList<>(voices.values());
  }

  /** The voice a request names, or the default for {@code language}; an unknown one is 400 listing what exists. */
  Voice choose(String requested, String language) {
    if (requested != null && !requested.isBlank()) {
      Voice voice = voices.get(requested);
      if (voice == null) {
        throw Failure.invalidInput("voice '" + requested + "' does not exist here; voices: "
            + voices.keySet().stream().limit(40).collect(Collectors.joining(", "))
            + (voices.size() > 40 ? " ... (GET /api/v1/voices lists all " + voices.size() + ")" : "")).asException();
      }
      return voice;
    }
    return defaultFor(language);
  }

  Voice defaultFor(String language) {
    if (!AUTO.equals(configured)) {
      return voices.get(configured);
    }
    String primary = language == null ? "en" : language.toLowerCase(Locale.ROOT).split("[-_]")[0];
    if (!primary.equals("en")) {
      for (Voice voice : voices.values()) {
        if (voice.language().toLowerCase(Locale.ROOT).replace('_', '-').equals(language.toLowerCase(Locale.ROOT).replace('_', '-'))) {
          return voice;
        }
      }
      for (Voice voice : voices.values()) {
        if (voice.language().toLowerCase(Locale.ROOT).split("[-_]")[0].equals(primary)) {
          return voice;
        }
      }
    }
    for (String id : ENGLISH_PREFERENCE) {
      if (voices.containsKey(id)) {
        return voices.get(id);
      }
    }
    return voices.values().iterator().next();
  }

  SpeechSynthesizer engineOf(String voiceId) {
    Voice voice = voices.get(voiceId);
    if (voice == null) {
      throw new IllegalStateException("voice " + voiceId + " is not installed on this node");
    }
    return engines.get(voice.engine());
  }

  boolean has(String voiceId) {
    return voices.containsKey(voiceId);
  }

  JsonObject json() {
    JsonArray items = new JsonArray();
    voices.values().forEach(v -> items.add(new JsonObject().put("id", v.id()).put("engine", v.engine())
        .put("language", v.language()).put("name", v.name())));
    return new JsonObject().put("items", items).put("default", defaultFor("en").id());
  }

  @Override
  public void close() {
    engines.values().forEach(engine -> {
      try {
        engine.close();
      } catch (RuntimeException e) {
        LOG.warn("speech engine {} did not close cleanly: {}", engine.engine(), e.getMessage());
      }
    });
  }
}
