package io.mediawhisperer.spi.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The vector contract plus the rules of text ranking (SPI 0.6), for a backend whose
 * {@link VectorBackend#ranksText()} answers true. Extend this instead of {@link VectorBackendContract}.
 */
public abstract class TextRankingContract extends VectorBackendContract {

  @Override
  protected final boolean ranksText() {
    return true;
  }

  private final Random rnd = new Random(16);

  private VectorRecord text(UUID user, UUID source, UUID collection, String text) {
    return new VectorRecord(UUID.randomUUID(), user, source, collection, MODEL, unit(rnd), text);
  }

  private static TextQuery words(UUID user, String text) {
    return new TextQuery(user, MODEL, text, 10, null, null);
  }

  @Test
  void theChunkHoldingTheRarerWordsRanksFirst() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(text(user, source, null, "the server stores every file it receives in its data directory, number " + i));
    }
    VectorRecord answer = text(user, source, null, "an iterative index scan keeps the server's filtered search exact");
    records.add(answer);
    await(b.upsert(records));

    List<VectorHit> hits = await(b.textSearch(words(user, "how does the iterative scan work on the server?")));
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).chunkId()).isEqualTo(answer.chunkId());
    assertThat(hits).extracting(VectorHit::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(hits).hasSizeLessThanOrEqualTo(10);
  }

  @Test
  void wordsStandingTogetherRankAbovePassagesThatScatterThem() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    VectorRecord scattered = text(user, source, null,
        "memory is cheap today, and so is disk; a program that grows slowly may not show any leak for weeks of use");
    VectorRecord together = text(user, source, null,
        "a memory leak shows as a program that grows slowly for weeks of use, while disk is cheap and so is any other thing");
    await(b.upsert(List.of(scattered, together)));

    assertThat(ids(await(b.textSearch(words(user, "memory leak"))))).containsExactly(together.chunkId(), scattered.chunkId());
  }

  @Test
  void inflectedFormsOfAnEnglishWordMatch() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    VectorRecord r = text(user, UUID.randomUUID(), null, "to configure the servers, edit the file and restart them");
    await(b.upsert(List.of(r, text(user, UUID.randomUUID(), null, "nothing to see here"))));

    assertThat(ids(await(b.textSearch(words(user, "configuring a server"))))).containsExactly(r.chunkId());
  }

  @Test
  void aQueryWithoutSearchableWordsFindsNothing() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    await(b.upsert(List.of(text(user, UUID.randomUUID(), null, "the and of it is to be"))));

    assertThat(await(b.textSearch(words(user, "the of and")))).isEmpty();
    assertThat(await(b.textSearch(words(user, "?!  --")))).isEmpty();
  }

  @Test
  void textSearchKeepsToTheUserTheModelAndTheFilters() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    UUID sourceA = UUID.randomUUID();
    UUID sourceB = UUID.randomUUID();
    UUID collection = UUID.randomUUID();
    VectorRecord inA = text(user, sourceA, collection, "kerberos tickets expire after ten hours");
    VectorRecord inB = text(user, sourceB, null, "kerberos needs synchronised clocks");
    VectorRecord othersChunk = text(other, UUID.randomUUID(), collection, "kerberos for everyone");
    VectorRecord otherModel = new VectorRecord(UUID.randomUUID(), user, sourceA, collection, "another-model", unit(rnd),
        "kerberos in another model's index");
    await(b.upsert(List.of(inA, inB, othersChunk, otherModel)));

    assertThat(ids(await(b.textSearch(words(user, "kerberos"))))).containsExactlyInAnyOrder(inA.chunkId(), inB.chunkId());
    assertThat(ids(await(b.textSearch(new TextQuery(user, MODEL, "kerberos", 10, Set.of(sourceB), null)))))
        .containsExactly(inB.chunkId());
    assertThat(ids(await(b.textSearch(new TextQuery(user, MODEL, "kerberos", 10, null, collection)))))
        .containsExactly(inA.chunkId());
    assertThat(ids(await(b.textSearch(words(other, "kerberos"))))).containsExactly(othersChunk.chunkId());
  }

  @Test
  void replacingAndDeletingChangeWhatTextFinds() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    VectorRecord r = text(user, source, null, "original wording about zeppelins");
    await(b.upsert(List.of(r)));
    await(b.upsert(List.of(new VectorRecord(r.chunkId(), user, source, null, MODEL, r.vector(), "new wording about gliders"))));

    assertThat(await(b.textSearch(words(user, "zeppelins")))).isEmpty();
    assertThat(ids(await(b.textSearch(words(user, "gliders"))))).containsExactly(r.chunkId());
    await(b.deleteBySource(user, source));
    assertThat(await(b.textSearch(words(user, "gliders")))).isEmpty();
  }

  @Test
  void aRecordWithoutTextWithdrawsTheClaimUntilItIsReplaced() throws Exception {
    VectorBackend b = backend();
    UUID user = UUID.randomUUID();
    UUID source = UUID.randomUUID();
    VectorRecord bare = new VectorRecord(UUID.randomUUID(), user, source, null, MODEL, unit(rnd));
    await(b.upsert(List.of(text(user, source, null, "some words"), bare)));
    assertThat(b.ranksText()).as("one stored vector has no text").isFalse();

    await(b.upsert(List.of(new VectorRecord(bare.chunkId(), user, source, null, MODEL, bare.vector(), "its words now"))));
    assertThat(b.ranksText()).isTrue();
    await(b.upsert(List.of(new VectorRecord(UUID.randomUUID(), user, source, null, MODEL, unit(rnd)))));
    assertThat(b.ranksText()).isFalse();
    await(b.deleteBySource(user, source));
    assertThat(b.ranksText()).as("nothing without text is left").isTrue();
  }

  @Test
  void textSurvivesCloseAndReopen() throws Exception {
    VectorBackend first = open(dir, DIM);
    UUID user = UUID.randomUUID();
    VectorRecord r = text(user, UUID.randomUUID(), null, "durable words about lighthouses");
    await(first.upsert(List.of(r)));
    first.close();

    VectorBackend again = backend();
    assertThat(again.ranksText()).isTrue();
    assertThat(ids(await(again.textSearch(words(user, "lighthouse"))))).containsExactly(r.chunkId());
  }
}
