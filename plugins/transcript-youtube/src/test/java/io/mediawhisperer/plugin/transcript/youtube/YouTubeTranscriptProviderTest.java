package io.mediawhisperer.plugin.transcript.youtube;

import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.assertMatches;
import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.assertReason;
import static io.mediawhisperer.spi.transcript.TranscriptProviderContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediawhisperer.spi.PluginSettings;
import io.mediawhisperer.spi.transcript.Playlist;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;
import com.sun.net.httpserver.HttpExchange;
import io.mediawhisperer.testsupport.video.FakeVideoServer;
import io.mediawhisperer.testsupport.video.FakeYouTube;
import io.mediawhisperer.testsupport.video.VideoFixtures;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider against {@link FakeYouTube}, on what the kit does not look at: which requests it makes and what it keeps. */
class YouTubeTranscriptProviderTest {

  private final FakeYouTube youtube = new FakeYouTube();
  private final ProviderHttp http = new ProviderHttp(ProviderHttp.Settings.from(new PluginSettings(Map.of("url",
      youtube.url().toString(), "requests-per-minute", "0", "backoff-ms", "1")), YouTubeTranscriptProviderProvider.DEFAULT_URL));
  private final YouTubeTranscriptProvider provider = new YouTubeTranscriptProvider(http);

  @AfterEach
  void close() {
    provider.close();
    youtube.close();
  }

  @Test
  void theProviderIsFoundByItsName() {
    assertThat(ServiceLoader.load(TranscriptProviderProvider.class).stream().map(p -> p.get().name()))
        .contains(YouTubeTranscriptProviderProvider.NAME);
  }

  @Test
  void aTranscriptTakesTheWatchPageAndTheChosenTrackAsJson3() throws Exception {
    var video = await(provider.transcript(VideoFixtures.CAPTIONED.id(), "de"));
    assertThat(video.language()).isEqualTo("de");
    assertThat(youtube.log()).hasSize(2);
    assertThat(youtube.log().get(0)).startsWith("GET /watch?v=" + VideoFixtures.CAPTIONED.id());
    assertThat(youtube.log().get(1)).startsWith("GET /api/timedtext?").contains("kind=asr", "lang=de", "fmt=json3");
  }

  @Test
  void aTrackOnYouTubesOwnHostIsFetchedFromTheConfiguredOneInJson3() {
    URI uri = provider.trackUri(new CaptionTrack("https://www.youtube.com/api/timedtext?v=abcdefghijk&fmt=srv3&lang=en", "en", false));
    assertThat(uri).isEqualTo(URI.create(youtube.url() + "/api/timedtext?v=abcdefghijk&lang=en&fmt=json3"));
    URI relative = provider.trackUri(new CaptionTrack("/api/timedtext?fmt=srv1&v=abcdefghijk", "en", false));
    assertThat(relative).isEqualTo(URI.create(youtube.url() + "/api/timedtext?v=abcdefghijk&fmt=json3"));
  }

  @Test
  void theFakesClassicXmlTrackReadsLikeItsJson3() throws Exception {
    var track = VideoFixtures.CAPTIONED.tracks().get(0);
    var response = await(http.get(http.resolve("/api/timedtext?v=" + VideoFixtures.CAPTIONED.id() + "&lang=en"), Map.of()));
    assertThat(response.header("Content-Type")).startsWith("text/xml");
    assertMatches(TimedText.xml(response.body()), track);
  }

  @Test
  void aPlaylistKeepsTitlesLengthsAndItsPrivateVideosPlaceAndAsksForItsSecondPageOnce() throws Exception {
    Playlist playlist = await(provider.playlist(VideoFixtures.PLAYLIST.id()));
    assertThat(playlist.channelName()).isEqualTo(VideoFixtures.PLAYLIST.channel());
    assertThat(playlist.videos()).containsExactly(
        new Playlist.Entry(VideoFixtures.CAPTIONED.id(), VideoFixtures.CAPTIONED.title(), 95.0),
        new Playlist.Entry(VideoFixtures.NO_CAPTIONS.id(), VideoFixtures.NO_CAPTIONS.title(), 300.0),
        new Playlist.Entry(VideoFixtures.SECOND.id(), VideoFixtures.SECOND.title(), 600.0),
        new Playlist.Entry(VideoFixtures.PRIVATE_ID, "[Private video]", null));
    assertThat(youtube.log()).hasSize(2);
    assertThat(youtube.log().get(1)).startsWith("POST /youtubei/v1/browse?").contains("key=" + FakeYouTube.INNERTUBE_API_KEY);
  }

  /** A service whose playlist never ends: every page holds one video and the same continuation. */
  static final class EndlessPlaylist extends FakeVideoServer {
    private static final String ITEMS = "[{\"playlistVideoRenderer\":{\"videoId\":\"loopVideo01\"}},"
        + "{\"continuationItemRenderer\":{\"continuationEndpoint\":{\"continuationCommand\":{\"token\":\"AGAIN\"}}}}]";

    @Override
    protected void handle(HttpExchange exchange) throws IOException {
      if (exchange.getRequestMethod().equals("POST")) {
        send(exchange, 200, "application/json", "{\"onResponseReceivedActions\":[{\"appendContinuationItemsAction\":"
            + "{\"continuationItems\":" + ITEMS + "}}]}");
      } else {
        send(exchange, 200, "text/html", "<script>var ytInitialData = {\"metadata\":{\"playlistMetadataRenderer\":{\"title\":"
            + "\"Forever\"}},\"contents\":{\"playlistVideoListRenderer\":{\"contents\":" + ITEMS + "}}};</script>");
      }
    }
  }

  @Test
  void aPlaylistThatNeverEndsIsReadToThePageCapAndNoFurther() throws Exception {
    try (EndlessPlaylist endless = new EndlessPlaylist(); YouTubeTranscriptProvider looping = new YouTubeTranscriptProvider(
        new ProviderHttp(ProviderHttp.Settings.from(new PluginSettings(Map.of("url", endless.url().toString(), "requests-per-minute",
            "0")), YouTubeTranscriptProviderProvider.DEFAULT_URL)))) {
      Playlist playlist = await(looping.playlist("PLendless"));
      assertThat(playlist.title()).isEqualTo("Forever");
      assertThat(playlist.videos()).hasSize(YouTubeTranscriptProvider.MAX_PLAYLIST_PAGES);
      assertThat(endless.requests()).isEqualTo(YouTubeTranscriptProvider.MAX_PLAYLIST_PAGES);
    }
  }

  @Test
  void aMissingPlaylistSaysWhatYouTubeSaid() {
    var failure = assertReason(() -> provider.playlist(VideoFixtures.MISSING_PLAYLIST_ID), Reason.NOT_FOUND);
    assertThat(failure.getMessage()).contains(VideoFixtures.MISSING_PLAYLIST_ID, "The playlist does not exist.");
  }

  @Test
  void anUnknownVideoIsNotFoundAndSomethingThatIsNoVideoIdIsNotAskedFor() {
    var unknown = assertReason(() -> provider.transcript("zzzzzzzzzzz", null), Reason.NOT_FOUND);
    assertThat(unknown.getMessage()).contains("Video unavailable");
    assertReason(() -> provider.transcript("../etc?x=1", "en"), Reason.NOT_FOUND);
    assertReason(() -> provider.playlist("PL x&y"), Reason.NOT_FOUND);
    assertThat(youtube.log()).hasSize(1);
  }
}
