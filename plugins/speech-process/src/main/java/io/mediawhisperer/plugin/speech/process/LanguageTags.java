package io.mediawhisperer.plugin.speech.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * espeak-ng's language names as BCP 47 tags. espeak-ng writes them lower-case and in its own
 * order ({@code en-us}, {@code cmn-latn-pinyin}, {@code chr-US-Qaaa-x-west}, {@code en-us-nyc});
 * BCP 47 wants language, script, region, variants, then private use, each in its own case
 * ({@code en-US}, {@code cmn-Latn-pinyin}, {@code chr-Qaaa-US-x-west}). A subtag that fits no slot
 * ({@code nyc} is too short for a variant) is kept as private use ({@code en-US-x-nyc}), so that
 * two voices never share a tag by losing a part of it.
 */
final class LanguageTags {

  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern SCRIPT = Pattern.compile("[a-z]{4}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}|[0-9]{3}");
  private static final Pattern VARIANT = Pattern.compile("[a-z0-9]{5,8}|[0-9][a-z0-9]{3}");
  private static final Pattern PRIVATE = Pattern.compile("[a-z0-9]{1,8}");

  /** Languages espeak-ng names with a code that is none in BCP 47. */
  private static final Map<String, String> RENAMED = Map.of(
      "piqd", "tlh-Piqd"); // Klingon written in pIqaD: language tlh, script Piqd

  private LanguageTags() {
  }

  static String fromEspeak(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    String renamed = RENAMED.get(lower);
    if (renamed != null) {
      return renamed;
    }
    String[] parts = lower.split("-");
    String language = LANGUAGE.matcher(parts[0]).matches() ? parts[0] : "und";
    String script = null;
    String region = null;
    List<String> variants = new ArrayList<>();
    List<String> privateUse = new ArrayList<>();
    if (language.equals("und")) {
      privateUse.add(parts[0]);
    }
    boolean inPrivateUse = false;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      if (inPrivateUse || part.equals("x")) {
        if (!part.equals("x") || inPrivateUse) {
          privateUse.add(part);
        }
        inPrivateUse = true;
      } else if (script == null && region == null && variants.isEmpty() && SCRIPT.matcher(part).matches()) {
        script = part;
      } else if (region == null && variants.isEmpty() && REGION.matcher(part).matches()) {
        region = part;
      } else if (script == null && SCRIPT.matcher(part).matches()) {
        script = part; // espeak-ng puts it after the region (chr-US-Qaaa)
      } else if (VARIANT.matcher(part).matches()) {
        variants.add(part);
      } else {
        privateUse.add(part);
      }
    }
    StringBuilder tag = new StringBuilder(language);
    if (script != null) {
      tag.append('-').append(Character.toUpperCase(script.charAt(0))).append(script.substring(1));
    }
    if (region != null) {
      tag.append('-').append(region.toUpperCase(Locale.ROOT));
    }
    variants.forEach(v -> tag.append('-').append(v));
    List<String> kept = privateUse.stream().filter(p -> PRIVATE.matcher(p).matches()).toList();
    if (!kept.isEmpty()) {
      tag.append("-x-").append(String.join("-", kept));
    }
    return tag.toString();
  }
}
