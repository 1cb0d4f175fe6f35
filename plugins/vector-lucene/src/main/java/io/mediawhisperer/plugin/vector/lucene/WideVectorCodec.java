package io.mediawhisperer.plugin.vector.lucene;

import java.io.IOException;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's default codec, unchanged on disk, except that the vector field accepts more than the
 * 1024 dimensions Lucene allows by default (OpenAI's models have 1536 and 3072).
 *
 * <p>The HNSW format is the one the default codec uses ({@code Lucene99HnswVectorsFormat}, M=16,
 * beam width 100, float32 vectors); the wrapper only raises {@link KnnVectorsFormat#getMaxDimensions}
 * and keeps the format's name, so the files it writes are the standard format's and any reader of
 * the default codec (including Lucene's own tools) opens the index without this class.
 */
final class WideVectorCodec {

  /** The largest vector this backend stores (OpenAI text-embedding-3-large has 3072). */
  static final int MAX_DIMENSION = 4096;

  private WideVectorCodec() {
  }

  static Codec create() {
    Codec base = Codec.getDefault();
    KnnVectorsFormat hnsw = new WideFormat(new Lucene99HnswVectorsFormat());
    KnnVectorsFormat perField = new PerFieldKnnVectorsFormat() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return hnsw;
      }
    };
    // Same name as the default codec: readers resolve it to the default codec, which reads the
    // per-field format by the name recorded in the segment (the standard HNSW format's).
    return new FilterCodec(base.getName(), base) {
      @Override
      public KnnVectorsFormat knnVectorsFormat() {
        return perField;
      }
    };
  }

  private static final class WideFormat extends KnnVectorsFormat {
    private final KnnVectorsFormat delegate;

    WideFormat(KnnVectorsFormat delegate) {
      super(delegate.getName());
      this.delegate = delegate;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
      return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
      return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
      return MAX_DIMENSION;
    }

    @Override
    public String toString() {
      return "Wide(" + delegate + ", maxDimensions=" + MAX_DIMENSION + ")";
    }
  }
}
