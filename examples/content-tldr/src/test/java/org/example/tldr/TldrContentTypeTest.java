package org.example.tldr;

import io.mediawhisperer.spi.content.ContentType;
import io.mediawhisperer.spi.content.ContentTypeContract;

/** A plugin author's test: the SPI's contract kit, unchanged. */
class TldrContentTypeTest extends ContentTypeContract {

  @Override
  protected ContentType contentType() {
    return new TldrContentType();
  }
}
