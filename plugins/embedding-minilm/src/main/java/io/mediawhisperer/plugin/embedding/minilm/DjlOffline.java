package io.mediawhisperer.plugin.embedding.minilm;

/**
 * Keeps DJL off the network. {@code HuggingFaceTokenizer.newInstance} "calls home" once a day
 * (an EC2 instance-metadata probe, then a telemetry request) unless DJL is in offline mode or
 * tracking is opted out, even when the tokenizer comes from a local file. We load everything
 * from jars, so neither is ever wanted; an operator's explicit setting is left alone.
 */
final class DjlOffline {

  static final String OFFLINE = "ai.djl.offline";
  static final String OPT_OUT_TRACKING = "OPT_OUT_TRACKING";

  private DjlOffline() {
  }

  static synchronized void ensure() {
    if (System.getProperty(OFFLINE) == null) {
      System.setProperty(OFFLINE, "true");
    }
    if (System.getProperty(OPT_OUT_TRACKING) == null) {
      System.setProperty(OPT_OUT_TRACKING, "true");
    }
  }
}
