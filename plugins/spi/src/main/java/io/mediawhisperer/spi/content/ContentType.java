package io.mediawhisperer.spi.content;

import io.mediawhisperer.spi.NamedPlugin;
import io.mediawhisperer.spi.chat.ChatException;
import java.util.List;
import java.util.Map;

/**
 * Plugin kind "content template": one kind of content a user can generate from their sources
 * (a LinkedIn post, an X thread, a newsletter ...). Its {@link #name()} is the content type
 * users ask for ({@code "linkedin"}). The server retrieves passages for the user's topic, asks
 * the type to {@link #fill} its variables, and renders the user's own template of this type, or
 * else {@link #defaultTemplate()}, with them.
 *
 * <p>Templates use Pebble (Jinja-like: {@code {{ var }}}, {@code {% for x in list %}}), rendered
 * without HTML escaping, because the output is plain text meant to be pasted elsewhere.
 */
public interface ContentType extends NamedPlugin {

  /** One line for users choosing a type. */
  String description();

  /** The template used when the user has none of this type; it must compile. */
  String defaultTemplate();

  /** Every variable {@link #fill} provides, so users can write their own templates. */
  List<Variable> variables();

  /**
   * The variables' values for a topic: strings, numbers, booleans, lists and maps of them only
   * (templates see nothing else). Blocking: called off the event loop.
   *
   * @param topic what the user wants to write about
   * @param tools the retrieved passages and what can be made of them (extractively, or by the
   *     node's language model when one is configured)
   */
  Map<String, Object> fill(String topic, ContentTools tools) throws ChatException;

  /** A template variable and what it holds. */
  record Variable(String name, String description) {
  }
}
