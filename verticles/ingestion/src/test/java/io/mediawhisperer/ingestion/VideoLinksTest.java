package io.mediawhisperer.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediawhisperer.bus.Failure;
import org.junit.jupiter.api.Test;

class VideoLinksTest {

  @Test
  void everyVideoShapeNamesItsVideoAndTheStartTimeIsIgnored() {
    for (String url : new String[] {
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
        "http://youtube.com/watch?v=dQw4w9WgXcQ#t=1m",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://music.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=30",
        "youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?start=10",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ?si=abc",
        "  https://www.youtube.com/watch?v=dQw4w9WgXcQ  "}) {
      assertThat(VideoLinks.video(url)).as(url).isEqualTo("dQw4w9WgXcQ");
    }
  }

  @Test
  void aPlaylistIsNamedByItsPageOrByAVideoPlayedInIt() {
    assertThat(VideoLinks.playlist("https://www.youtube.com/playlist?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf"))
        .isEqualTo("PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf");
    assertThat(VideoLinks.playlist("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf&index=2"))
        .isEqualTo("PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf");
    VideoLinks.Link both = VideoLinks.parse("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG");
    assertThat(both.videoId()).isEqualTo("dQw4w9WgXcQ");
    assertThat(both.playlistId()).isEqualTo("PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG");
  }

  @Test
  void anythingElseIsRefusedWithTheShapesTaken() {
    for (String url : new String[] {
        "https://vimeo.com/76979871",
        "https://www.youtube.com/@channel",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "not a link at all",
        ""}) {
      assertThatThrownBy(() -> VideoLinks.parse(url)).as(url)
          .satisfies(e -> {
            Failure f = Failure.from(e);
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.message()).contains("youtu.be/VIDEO_ID").contains("playlist?list=PLAYLIST_ID");
          });
    }
  }

  @Test
  void onlyLinksOnTheVideoServiceAreFetched() {
    assertThat(VideoLinks.onVideoService("https://www.youtube.com/playlist?list=PLx")).isTrue();
    assertThat(VideoLinks.onVideoService("youtu.be/x")).isTrue();
    assertThat(VideoLinks.onVideoService("https://WWW.YouTube.com/watch?v=short")).as("fetched, then refused for its shape").isTrue();
    assertThat(VideoLinks.onVideoService("https://example.org/list")).isFalse();
    assertThat(VideoLinks.onVideoService("https://www.youtube.com.evil.example/playlist?list=PLx")).isFalse();
    assertThat(VideoLinks.onVideoService("not a link")).isFalse();
  }

  @Test
  void aLinkOfTheOtherKindSaysWhereItBelongs() {
    assertThatThrownBy(() -> VideoLinks.video("https://www.youtube.com/playlist?list=PLrAXtmErZgOeiKm4sgNOknGvNjby9efdf"))
        .satisfies(e -> assertThat(Failure.from(e).message()).contains("/api/v1/collections"));
    assertThatThrownBy(() -> VideoLinks.playlist("https://youtu.be/dQw4w9WgXcQ"))
        .satisfies(e -> assertThat(Failure.from(e).message()).contains("/api/v1/sources"));
  }
}
