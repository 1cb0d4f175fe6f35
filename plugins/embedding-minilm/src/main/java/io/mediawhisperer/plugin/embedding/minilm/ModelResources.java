package io.mediawhisperer.plugin.embedding.minilm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The model files, read from the classpath (the langchain4j model jars put them at the root). */
final class ModelResources {

  private ModelResources() {
  }

  static InputStream open(String resource, MiniLmVariant variant) {
    InputStream in = ModelResources.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is not on the classpath; the model " + variant.modelName()
          + " needs the jar " + variant.artifact());
    }
    return in;
  }

  static byte[] read(String resource, MiniLmVariant variant) {
    try (InputStream in = open(resource, variant)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
