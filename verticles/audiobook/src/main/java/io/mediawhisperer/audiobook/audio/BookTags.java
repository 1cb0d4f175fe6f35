package io.mediawhisperer.audiobook.audio;

/**
 * What a player shows about a book file. Null or blank parts are left out.
 *
 * @param title  the book's title ({@code title})
 * @param author who wrote it ({@code artist} and {@code album_artist}: players list audiobooks by these)
 * @param album  the album players group it under ({@code album}); the title when null or blank
 */
public record BookTags(String title, String author, String album) {

  /** The album, or the title when no album was given. */
  public String albumOrTitle() {
    return album == null || album.isBlank() ? title : album;
  }
}
