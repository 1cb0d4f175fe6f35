package io.mediawhisperer.bench;

import java.nio.file.Path;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of this JVM (the node runs in it) with the JDK's "profile" settings, written to
 * a file when closed; open it with {@code jfr print --events jdk.ExecutionSample FILE} or JDK
 * Mission Control.
 */
final class JfrProfile implements AutoCloseable {

  private final Recording recording;
  private final Path file;

  private JfrProfile(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  static JfrProfile start(Path file) throws Exception {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setName("mediawhisperer-http-search-bench");
    recording.start();
    return new JfrProfile(recording, file);
  }

  @Override
  public void close() throws Exception {
    recording.stop();
    recording.dump(file);
    recording.close();
  }
}
