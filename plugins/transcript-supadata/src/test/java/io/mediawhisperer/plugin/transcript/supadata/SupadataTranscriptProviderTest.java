package io.mediawhisperer.plugin.transcript.supadata;

import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.assertReason;
import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.spi.transcript.TranscriptProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;
import io.mediawhisperer.spi.transcript.VideoTranscript;
import io.mediawhisperer.testsupport.video.FakeSupadata;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SupadataTranscriptProviderTest {

  private static final String SECRET = "sd_wrong-secret-4711";

  private FakeVideoServer service;
  private TranscriptProvider provider;

  @AfterEach
  void close() {
    if (provider != null) {
      provider.close();
    }
    if (service != null) {
      service.close();
    }
  }

  private TranscriptProvider open(FakeVideoServer on, String apiKey) {
    service = on;
    Map<String, String> settings = new HashMap<>(Map.of("url", on.url() + "/v1", "retries", "0", "requests-per-minute", "0"));
    if (apiKey != null) {
      settings.put("api-key", apiKey);
    }
    provider = new SupadataTranscriptProviderProvider().open(new PluginSettings(settings));
    return provider;
  }

  @Test
  void theProviderIsFoundByItsName() {
    assertThat(ServiceLoader.load(TranscriptProviderProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("supadata")).findFirst())
        .get().isInstanceOf(SupadataTranscriptProviderProvider.class);
  }

  @Test
  void withoutAnApiKeyItDoesNotOpenAndNamesTheSetting() {
    SupadataTranscriptProviderProvider supadata = new SupadataTranscriptProviderProvider();
    assertThatThrownBy(() -> supadata.open(PluginSettings.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transcript-provider-api-key");
    assertThatThrownBy(() -> supadata.open(new PluginSettings(Map.of("api-key", "  "))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transcript-provider-api-key");
  }

  @Test
  void theKeyGoesInItsHeaderAndNeverInTheAddress() throws Exception {
    FakeSupadata supadata = new FakeSupadata();
    VideoTranscript video = await(open(supadata, FakeSupadata.API_KEY).transcript(VideoFixtures.CAPTIONED.id(), "de"));

    assertThat(video.language()).isEqualTo("de");
    assertThat(supadata.log()).hasSize(2).noneMatch(line -> line.contains(FakeSupadata.API_KEY))
        .anyMatch(line -> line.startsWith("GET /v1/youtube/video?id=" + VideoFixtures.CAPTIONED.id()))
        .anyMatch(line -> line.startsWith("GET /v1/youtube/transcript?videoId=" + VideoFixtures.CAPTIONED.id() + "&lang=de"));
  }

  @Test
  void noLanguageAskedSendsNoLanguage() throws Exception {
    FakeSupadata supadata = new FakeSupadata();
    VideoTranscript video = await(open(supadata, FakeSupadata.API_KEY).transcript(VideoFixtures.SECOND.id(), null));

    assertThat(video.language()).isEqualTo("en");
    assertThat(video.durationSeconds()).isEqualTo(600.0);
    assertThat(supadata.log()).noneMatch(line -> line.contains("lang="));
  }

  @Test
  void aWrongKeyIsRefusedWithoutSayingTheKey() {
    ScriptedSupadata supadata = new ScriptedSupadata().answer("/v1/youtube/video", 401,
        "{\"error\":\"unauthorized\",\"message\":\"Invalid API key " + SECRET + "\"}");
    TranscriptProvider refused = open(supadata, SECRET);

    TranscriptException failure = assertReason(() -> refused.transcript(VideoFixtures.CAPTIONED.id(), "en"), Reason.REFUSED);
    assertThat(failure.getMessage()).doesNotContain(SECRET).contains("401").contains("transcript-provider-api-key");
    assertThat(supadata.apiKeys()).as("the key was sent, in its header").containsExactly(SECRET);
  }

  @Test
  void aFakeWithAnotherKeyRefusesTheRequest() {
    TranscriptProvider wrong = open(new FakeSupadata(), SECRET);
    TranscriptException failure = assertReason(() -> wrong.playlist(VideoFixtures.PLAYLIST.id()), Reason.REFUSED);
    assertThat(failure.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void aTranscriptUnavailableAs404IsNoCaptionsNotNotFound() {
    ScriptedSupadata supadata = new ScriptedSupadata()
        .answer("/v1/youtube/video", 200, "{\"id\":\"abcdefghijk\",\"title\":\"Quiet\",\"duration\":12}")
        .answer("/v1/youtube/transcript", 404, "{\"error\":\"transcript-unavailable\",\"message\":\"No transcript\"}");
    TranscriptProvider quiet = open(supadata, "key");

    assertReason(() -> quiet.transcript("abcdefghijk", "en"), Reason.NO_CAPTIONS);
  }

  @Test
  void linesComeInOrderOfTheirStartWithWhitespaceCollapsedAndEmptyOnesLeftOut() throws Exception {
    ScriptedSupadata supadata = new ScriptedSupadata()
        .answer("/v1/youtube/video", 200, "{\"id\":\"abcdefghijk\",\"title\":\"Shuffled\",\"channel\":{\"name\":\"C\"}}")
        .answer("/v1/youtube/transcript", 200, """
            {"content":[{"text":"second\\n  line","offset":2500,"duration":1000,"lang":"fr"},
                        {"text":"   ","offset":2000,"duration":500,"lang":"fr"},
                        {"text":"first","offset":0,"duration":2500,"lang":"fr"}]}""");
    VideoTranscript video = await(open(supadata, "key").transcript("abcdefghijk", null));

    assertThat(video.durationSeconds()).as("no duration given").isNull();
    assertThat(video.language()).as("no top-level lang: the lines'").isEqualTo("fr");
    assertThat(video.segments()).containsExactly(new VideoTranscript.Segment(0.0, 2.5, "first"),
        new VideoTranscript.Segment(2.5, 1.0, "second line"));
  }

  @Test
  void aPlaylistListsItsVideosThenShortsAndLiveStreamsOnce() throws Exception {
    ScriptedSupadata supadata = new ScriptedSupadata()
        .answer("/v1/youtube/playlist", 200, "{\"id\":\"PLx\",\"title\":\"Mixed\",\"channel\":{\"id\":\"UC1\",\"name\":\"Chan\"}}")
        .answer("/v1/youtube/playlist/videos", 200,
            "{\"videoIds\":[\"aaaaaaaaaaa\",\"bbbbbbbbbbb\"],\"shortIds\":[\"ccccccccccc\",\"aaaaaaaaaaa\"],\"liveIds\":[\"ddddddddddd\"]}");
    Playlist playlist = await(open(supadata, "key").playlist("PLx"));

    assertThat(playlist.channelName()).isEqualTo("Chan");
    assertThat(playlist.videos()).extracting(Playlist.Entry::videoId)
        .containsExactly("aaaaaaaaaaa", "bbbbbbbbbbb", "ccccccccccc", "ddddddddddd");
    assertThat(playlist.videos()).allMatch(entry -> entry.title() == null);
  }

  @Test
  void aMissingVideoCostsOneRequest() {
    FakeSupadata supadata = new FakeSupadata();
    TranscriptProvider provider = open(supadata, FakeSupadata.API_KEY);
    assertReason(() -> provider.transcript(VideoFixtures.PRIVATE_ID, "en"), Reason.NOT_FOUND);
    assertThat(supadata.requests()).isEqualTo(1);
  }
}
