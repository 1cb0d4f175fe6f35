package io.mediawhisperer.spi.speech;

/**
 * A voice of an engine.
 *
 * @param id       {@code <engine>:<voice>}, stable, what a client sends to choose it
 * @param engine   the engine's id
 * @param language a BCP 47 tag ({@code en}, {@code en-US}, {@code de}, {@code pt-BR})
 * @param name     what a person reads in a voice picker
 */
public record Voice(String id, String engine, String language, String name) {

  /** The part of the id after {@code <engine>:}. */
  public String voiceName() {
    return id.substring(id.indexOf(':') + 1);
  }
}
