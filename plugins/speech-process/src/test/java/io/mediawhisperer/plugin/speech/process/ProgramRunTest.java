package io.mediawhisperer.plugin.speech.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.speech.SpeechException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running programs: the input from a file, output that cannot block, the exit code with the
 * error output, and a kill on cancel or deadline. The programs here are the system's own
 * ({@code sh}, {@code cat}, {@code sleep}), standing in for an engine.
 */
class ProgramRunTest {

  @TempDir
  Path dir;

  private static String sh() {
    return Programs.onPath("sh").orElseThrow().toString();
  }

  @Test
  void theInputComesFromAFileAndTheOutputGoesToOne() throws Exception {
    Path in = Files.writeString(dir.resolve("in.txt"), "-o /tmp/x; $(rm -rf /) --help\n");
    Path out = dir.resolve("out.txt");
    ProgramRun.run(List.of(Programs.onPath("cat").orElseThrow().toString()), dir, in, out, Instant.now().plusSeconds(30),
        () -> false);
    assertThat(out).hasContent("-o /tmp/x; $(rm -rf /) --help\n");
  }

  @Test
  void theProgramSeesAFewEnvironmentVariablesOnlyNoneOfTheServersSecrets() throws Exception {
    Path out = dir.resolve("env.txt");
    ProgramRun.run(List.of(Programs.onPath("env").orElseThrow().toString()), dir, null, out, Instant.now().plusSeconds(30),
        () -> false);
    List<String> names = Files.readAllLines(out).stream().map(line -> line.substring(0, line.indexOf('='))).toList();
    assertThat(names).contains("PATH").allSatisfy(name -> assertThat(ProgramRun.ENVIRONMENT).contains(name));
    assertThat(System.getenv()).as("this JVM's environment has more to hide").hasSizeGreaterThan(names.size());
  }

  @Test
  void muchOutputNobodyReadsDoesNotBlockTheProgram() throws Exception {
    long started = System.nanoTime();
    ProgramRun.run(List.of(sh(), "-c", "head -c 20000000 /dev/zero; head -c 5000000 /dev/zero >&2"), dir, null, null,
        Instant.now().plusSeconds(30), () -> false);
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(20);
  }

  @Test
  void aFailingProgramsExitCodeAndErrorsAreInTheMessage() {
    assertThatThrownBy(() -> ProgramRun.run(List.of(sh(), "-c", "echo 'voice not found' >&2; exit 3"), dir, null, null,
        Instant.now().plusSeconds(30), () -> false))
        .isInstanceOf(SpeechException.class)
        .hasMessage("sh failed with exit code 3: voice not found");
    assertThatThrownBy(() -> ProgramRun.run(List.of(dir.resolve("no-such-program").toString()), dir, null, null,
        Instant.now().plusSeconds(30), () -> false))
        .isInstanceOf(SpeechException.class).hasMessageContaining("cannot run no-such-program");
  }

  @Test
  void aCancelKillsTheProgramWithinAFewPolls() throws Exception {
    Path pid = dir.resolve("pid");
    AtomicBoolean cancel = new AtomicBoolean();
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      cancel.set(true);
    });
    long started = System.nanoTime();
    assertThatThrownBy(() -> ProgramRun.run(List.of(sh(), "-c", "echo $$ > " + pid + "; exec sleep 60"), dir, null, null,
        Instant.now().plusSeconds(30), cancel::get))
        .isInstanceOf(SpeechException.class).hasMessage("sh was stopped: the request was cancelled");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(3);
    long id = Long.parseLong(Files.readString(pid).strip());
    assertThat(ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)).as("the killed process").isFalse();
  }

  @Test
  void aDeadlineKillsTheProgramAndAPastOneStartsNothing() throws Exception {
    long started = System.nanoTime();
    assertThatThrownBy(() -> ProgramRun.run(List.of(sh(), "-c", "exec sleep 60"), dir, null, null,
        Instant.now().plusMillis(300), () -> false))
        .isInstanceOf(SpeechException.class).hasMessageContaining("sh was stopped: the deadline");
    assertThat((System.nanoTime() - started) / 1e9).isLessThan(3);

    Path marker = dir.resolve("started");
    assertThatThrownBy(() -> ProgramRun.run(List.of(sh(), "-c", "touch " + marker), dir, null, null,
        Instant.now().minusSeconds(1), () -> false))
        .isInstanceOf(SpeechException.class).hasMessageContaining("sh was not started: the deadline");
    assertThat(marker).doesNotExist();
  }

  @Test
  void theProgramIsTheSettingsAbsolutePathElseTheOneOnPath() throws Exception {
    assertThat(Programs.resolve(PluginSettings.empty(), "sh-path", "sh", "install it")).isEqualTo(Path.of(sh()));
    assertThat(Programs.resolve(new PluginSettings(Map.of("sh-path", sh())), "sh-path", "sh", "install it"))
        .isEqualTo(Path.of(sh()));
    assertThatThrownBy(() -> Programs.resolve(PluginSettings.empty(), "x-path", "no-such-program-mw", "apt-get install x"))
        .isInstanceOf(SpeechException.class)
        .hasMessage("the program no-such-program-mw is not installed (not on PATH): apt-get install x, or set speech-x-path"
            + " to its absolute path");
    assertThatThrownBy(() -> Programs.resolve(new PluginSettings(Map.of("x-path", "bin/sh")), "x-path", "sh", ""))
        .hasMessageContaining("must be an absolute path");
    Path plain = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\n");
    assertThatThrownBy(() -> Programs.resolve(new PluginSettings(Map.of("x-path", plain.toString())), "x-path", "sh", ""))
        .hasMessageContaining("is not an executable file");
  }
}
