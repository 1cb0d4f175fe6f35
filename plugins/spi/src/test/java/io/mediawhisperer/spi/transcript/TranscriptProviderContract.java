package io.mediawhisperer.spi.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract kit of transcript providers: extend it with a fake of the provider's service (a
 * {@link FakeVideoServer} that renders {@link VideoFixtures} in the service's own shapes) and a
 * factory; every test here then checks the provider against it. Nothing reaches the internet.
 */
public abstract class TranscriptProviderContract {

  private static final long STAGE_TIMEOUT_SECONDS = 30;
  /** Retries the kit opens providers with: a test of a failing service counts 1 + this many requests. */
  protected static final int KIT_RETRIES = 3;

  private FakeVideoServer service;
  private final List<TranscriptProvider> opened = new ArrayList<>();

  /** A fresh fake of the provider's service; the kit closes it after each test. */
  protected abstract FakeVideoServer startService();

  /** The provider, opened with these settings (as the node opens it: keys without their prefix). */
  protected abstract TranscriptProvider open(PluginSettings settings);

  /** The provider's {@code url} setting for a service at {@code serviceUrl} (an API may live under a path). */
  protected String urlSetting(URI serviceUrl) {
    return serviceUrl.toString();
  }

  @BeforeEach
  void startTheService() {
    service = startService();
  }

  @AfterEach
  void closeEverything() {
    opened.forEach(TranscriptProvider::close);
    opened.clear();
    service.close();
  }

  protected FakeVideoServer service() {
    return service;
  }

  /** The provider on the fake, with the kit's settings plus {@code overrides}. */
  protected TranscriptProvider provider(Map<String, String> overrides) {
    Map<String, String> values = new java.util.HashMap<>(Map.of(
        "url", urlSetting(service.url()),
        "api-key", "kit-api-key",
        "timeout-seconds", "5",
        "retries", String.valueOf(KIT_RETRIES),
        "backoff-ms", "1",
        "requests-per-minute", "0",
        "max-bytes", String.valueOf(VideoFixtures.KIT_MAX_BYTES)));
    values.putAll(overrides);
    TranscriptProvider provider = open(new PluginSettings(values));
    assertThat(provider).as("open(settings) returned null").isNotNull();
    opened.add(provider);
    return provider;
  }

  protected TranscriptProvider provider() {
    return provider(Map.of());
  }

  @Test
  void aCaptionedVideoComesWithItsMetadataAndItsLinesInOrder() throws Exception {
    VideoTranscript video = await(provider().transcript(VideoFixtures.CAPTIONED.id(), "en"));
    assertThat(video.videoId()).isEqualTo(VideoFixtures.CAPTIONED.id());
    assertThat(video.title()).isEqualTo(VideoFixtures.CAPTIONED.title());
    assertThat(video.channelName()).isEqualTo(VideoFixtures.CAPTIONED.channel());
    assertThat(video.durationSeconds()).isCloseTo(VideoFixtures.CAPTIONED.durationSeconds(), within(1.0));
    assertThat(video.language()).isEqualTo("en");
    assertMatches(video.segments(), VideoFixtures.CAPTIONED.tracks().get(0));
  }

  @Test
  void theAskedLanguageIsChosenAndAnUnknownOneFallsBackToTheVideosOwn() throws Exception {
    TranscriptProvider provider = provider();
    VideoTranscript german = await(provider.transcript(VideoFixtures.CAPTIONED.id(), "de"));
    assertThat(german.language()).isEqualTo("de");
    assertMatches(german.segments(), VideoFixtures.CAPTIONED.tracks().get(1));

    VideoTranscript own = await(provider.transcript(VideoFixtures.CAPTIONED.id(), null));
    assertThat(own.language()).as("no language asked: the manual track").isEqualTo("en");
    VideoTranscript fallback = await(provider.transcript(VideoFixtures.CAPTIONED.id(), "fr"));
    assertThat(fallback.language()).as("no French track: the video's own").isEqualTo("en");
    assertMatches(fallback.segments(), VideoFixtures.CAPTIONED.tracks().get(0));
  }

  @Test
  void aVideoWithoutCaptionsIsNoCaptionsAndAPrivateOneIsNotFound() {
    TranscriptProvider provider = provider();
    assertReason(() -> provider.transcript(VideoFixtures.NO_CAPTIONS.id(), "en"), Reason.NO_CAPTIONS);
    assertReason(() -> provider.transcript(VideoFixtures.PRIVATE_ID, "en"), Reason.NOT_FOUND);
  }

  @Test
  void anUnreadableAnswerIsInvalidAndAnOversizedOneIsNotReadToItsEnd() {
    TranscriptProvider provider = provider();
    assertReason(() -> provider.transcript(VideoFixtures.MALFORMED_ID, "en"), Reason.INVALID_RESPONSE);
    assertReason(() -> provider.transcript(VideoFixtures.HUGE_ID, "en"), Reason.TOO_LARGE);
  }

  @Test
  void rateLimitingIsWaitedOutWithRetries() throws Exception {
    VideoTranscript video = await(provider().transcript(VideoFixtures.RATE_LIMITED.id(), "en"));
    assertMatches(video.segments(), VideoFixtures.RATE_LIMITED.tracks().get(0));
    assertThat(service.requestsMentioning(VideoFixtures.RATE_LIMITED.id()))
        .as("refused twice, then answered").isGreaterThanOrEqualTo(VideoFixtures.RATE_LIMITED_TIMES + 1);
  }

  @Test
  void aServiceThatKeepsFailingIsUnavailableAfterItsRetries() {
    TranscriptException failure = assertReason(() -> provider().transcript(VideoFixtures.BUSY_ID, "en"), Reason.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("503");
    assertThat(service.requestsMentioning(VideoFixtures.BUSY_ID)).as("one request and its retries, no more").isEqualTo(1 + KIT_RETRIES);
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() {
    TranscriptException failure = assertReason(() -> provider().transcript(VideoFixtures.REDIRECT_ID, "en"), Reason.INVALID_RESPONSE);
    assertThat(failure.getMessage()).contains("elsewhere.invalid");
  }

  @Test
  void aServiceThatCannotBeReachedIsUnavailableAndSaysWhy() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TranscriptProvider nowhere = provider(Map.of("url", urlSetting(URI.create("http://127.0.0.1:" + closedPort)), "retries", "1"));
    TranscriptException failure = assertReason(() -> nowhere.transcript(VideoFixtures.CAPTIONED.id(), "en"), Reason.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("network");
  }

  @Test
  void aPlaylistComesWholeInOrderAcrossItsPages() throws Exception {
    Playlist playlist = await(provider().playlist(VideoFixtures.PLAYLIST.id()));
    assertThat(playlist.playlistId()).isEqualTo(VideoFixtures.PLAYLIST.id());
    assertThat(playlist.title()).isEqualTo(VideoFixtures.PLAYLIST.title());
    assertThat(playlist.videos()).extracting(Playlist.Entry::videoId).containsExactlyElementsOf(VideoFixtures.PLAYLIST.videoIds());
  }

  @Test
  void aMissingPlaylistIsNotFound() {
    assertReason(() -> provider().playlist(VideoFixtures.MISSING_PLAYLIST_ID), Reason.NOT_FOUND);
  }

  // ------------------------------------------------------------------ helpers

  /** Segments equal the fixture's lines: same order, times within 10 ms, text with its whitespace collapsed. */
  public static void assertMatches(List<VideoTranscript.Segment> segments, VideoFixtures.Track track) {
    assertThat(segments).hasSameSizeAs(track.lines());
    for (int i = 0; i < segments.size(); i++) {
      VideoTranscript.Segment s = segments.get(i);
      VideoFixtures.Line line = track.lines().get(i);
      assertThat(s.start()).as("start of segment %d", i).isCloseTo(line.start(), within(0.01));
      assertThat(s.duration()).as("duration of segment %d", i).isCloseTo(line.duration(), within(0.01));
      assertThat(s.text()).as("text of segment %d", i).isEqualTo(line.text().replaceAll("\\s+", " ").trim());
    }
  }

  public static TranscriptException assertReason(Supplier<? extends CompletionStage<?>> call, Reason reason) {
    CompletionStage<?> stage;
    try {
      stage = call.get();
    } catch (RuntimeException e) {
      throw new AssertionError("the method threw " + e + " instead of returning a failed stage", e);
    }
    try {
      Object value = stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure (" + reason + ") but got " + value);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      assertThat(cause).isInstanceOf(TranscriptException.class);
      TranscriptException te = (TranscriptException) cause;
      assertThat(te.reason()).as("reason of: " + te.getMessage()).isEqualTo(reason);
      assertThat(te.getMessage()).as("a failure says what happened").isNotBlank().doesNotContain("kit-api-key");
      return te;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      throw new AssertionError("a stage did not complete within " + STAGE_TIMEOUT_SECONDS + " s", e);
    }
  }

  public static <T> T await(CompletionStage<T> stage) throws Exception {
    try {
      return stage.toCompletableFuture().get(STAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw new AssertionError(cause);
    }
  }
}
