package io.mediawhisperer.spi.vector;

import io.mediawhisperer.spi.NamedPlugin;

/** Plugin kind "vector backend": what {@link java.util.ServiceLoader} finds; opened once per node. */
public interface VectorBackendProvider extends NamedPlugin {

  VectorBackend open(VectorBackendContext context) throws Exception;
}
