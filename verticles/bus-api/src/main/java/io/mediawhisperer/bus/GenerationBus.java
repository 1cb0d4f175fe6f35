package io.mediawhisperer.bus;

/**
 * The bus contract of the generation verticle: content types (plugins), templates, and content
 * generated from a user's sources. Every request carries {@code userId} (set by the http
 * verticle); another user's template is 404 {@value Failure#NOT_FOUND}. Template is the HTTP contract's
 * {@code {"id", "type", "name", "content", "variables", "isDefault", "owned", "createdAt",
 * "updatedAt"}}.
 */
public final class GenerationBus {

  /** {@code {"userId"}} -> {@code {"items": [{"type", "description", "variables": [{"name", "description"}]}]}}. */
  public static final String CONTENT_TYPES = "generation.content-types";

  /**
   * {@code {"userId", "type"?, "limit"?, "cursor"?}} -> {@code {"items": [Template], "nextCursor"}}:
   * the caller's own (by type, newest first within one), then the defaults (by type); a page of
   * {@code limit} (50 by default, at most 200), the cursor naming the last one seen.
   */
  public static final String TEMPLATES = "generation.templates.list";

  /**
   * {@code {"userId", "type", "name", "content", "variables"?}} -> {@code {"template"}}. The
   * content must compile (400 {@value #TEMPLATE_INVALID} with the engine's reason); an unknown
   * type is 400; a name the caller already uses for this type is 409 {@value #TEMPLATE_EXISTS}.
   * Variables are detected from the content unless given.
   */
  public static final String TEMPLATE_CREATE = "generation.templates.create";

  /** {@code {"userId", "templateId", "name"?, "content"?, "variables"?}} -> {@code {"template"}}; own templates only. */
  public static final String TEMPLATE_UPDATE = "generation.templates.update";

  /** {@code {"userId", "templateId"}} -> {@code {}}; own templates only. */
  public static final String TEMPLATE_DELETE = "generation.templates.delete";

  /**
   * {@code {"userId", "type", "topic", "sourceIds"?, "collectionId"?, "templateId"?}} ->
   * {@code {"content", "templateId", "sources": [Hit]}}: retrieves passages for the topic within
   * the scope, fills the type's variables (with the chat model when it writes, extractively
   * otherwise) and renders the given template, else the caller's newest of that type, else the
   * default. The render runs within a budget of loop iterations and time: past it, 422
   * {@value #TEMPLATE_TOO_EXPENSIVE} naming the limit; a macro that calls itself is 400
   * {@value #TEMPLATE_INVALID}.
   */
  public static final String GENERATE = "generation.generate";

  public static final String TEMPLATE_INVALID = "template_invalid";
  public static final String TEMPLATE_EXISTS = "template_exists";
  public static final String TEMPLATE_TOO_EXPENSIVE = "template_too_expensive";

  private GenerationBus() {
  }
}
