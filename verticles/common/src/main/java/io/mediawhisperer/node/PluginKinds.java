package io.mediawhisperer.node;

import io.mediawhisperer.config.ConfigKeys;
import io.mediawhisperer.spi.blob.BlobStoreProvider;
import io.mediawhisperer.spi.chat.ChatModelProvider;
import io.mediawhisperer.spi.chatlog.ChatExportReader;
import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.spi.embedding.EmbeddingModelProvider;
import io.mediawhisperer.spi.parser.SourceParser;
import io.mediawhisperer.spi.speech.SpeechSynthesizerProvider;
import io.mediawhisperer.spi.transcript.TranscriptProviderProvider;
import io.mediawhisperer.spi.vector.VectorBackendProvider;
import java.util.List;

/**
 * Every plugin kind the server loads at start-up. A new kind is one more entry here: the node's
 * {@link PluginCatalog} loads only the kinds listed, and refuses a plugin jar that declares a
 * service of {@code io.mediawhisperer.spi} that is not one of them (most likely a typo in its
 * {@code META-INF/services} file name).
 */
public final class PluginKinds {

  public static final PluginKind SOURCE_PARSER = new PluginKind("source-parser", "source parser", SourceParser.class, null);
  public static final PluginKind EMBEDDING_MODEL = new PluginKind("embedding-model", "embedding model",
      EmbeddingModelProvider.class, ConfigKeys.EMBEDDING_PROVIDER);
  public static final PluginKind VECTOR_BACKEND = new PluginKind("vector-backend", "vector backend",
      VectorBackendProvider.class, ConfigKeys.VECTOR_BACKEND);
  public static final PluginKind CHAT_MODEL = new PluginKind("chat-model", "chat model", ChatModelProvider.class,
      ConfigKeys.CHAT_PROVIDER);
  public static final PluginKind BLOB_STORE = new PluginKind("blob-store", "blob store", BlobStoreProvider.class,
      ConfigKeys.BLOB_STORE);
  /** Content templates ({@link ContentType}): every one is offered to users, so no key selects one. */
  public static final PluginKind CONTENT_TEMPLATE = new PluginKind("content-template", "content template", ContentType.class,
      null);

  /** Chat export readers ({@link ChatExportReader}): every one takes part in detecting an export, so no key selects one. */
  public static final PluginKind CHAT_EXPORT_READER = new PluginKind("chat-export-reader", "chat export reader",
      ChatExportReader.class, null);

  /**
   * Speech synthesizers ({@link SpeechSynthesizerProvider}): every one whose engine is available is
   * opened, with the {@code speech-} keys as its settings ({@code Plugins.settings(config, "speech")}),
   * and its voices are offered, so no key selects one.
   */
  public static final PluginKind SPEECH_SYNTHESIZER = new PluginKind("speech-synthesizer", "speech synthesizer",
      SpeechSynthesizerProvider.class, null);

  /** Transcript providers ({@link TranscriptProviderProvider}): {@code transcript-provider} picks one (or none). */
  public static final PluginKind TRANSCRIPT_PROVIDER = new PluginKind("transcript-provider", "transcript provider",
      TranscriptProviderProvider.class, ConfigKeys.TRANSCRIPT_PROVIDER);

  public static final List<PluginKind> ALL = List.of(SOURCE_PARSER, CHAT_EXPORT_READER, EMBEDDING_MODEL, VECTOR_BACKEND, CHAT_MODEL,
      BLOB_STORE, CONTENT_TEMPLATE, SPEECH_SYNTHESIZER, TRANSCRIPT_PROVIDER);

  private PluginKinds() {
  }
}
