package io.mediawhisperer.generation;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles and renders content templates with Pebble (Jinja-like syntax). Autoescaping is off on
 * purpose: the output is plain text or Markdown to paste into LinkedIn, X or a newsletter tool,
 * and HTML escaping would turn a passage's "&" or quotes into entities. Templates are the users'
 * own, so they see only plain values (strings, numbers, lists, maps), and Pebble's method access
 * validator keeps them away from reflection; output is capped.
 */
final class Templates {

  static final int MAX_TEMPLATE_CHARS = 20_000;
  static final int MAX_OUTPUT_CHARS = 100_000;
  /** Names a template reads: {@code {{ name }}}, {@code {{ name | filter }}}, {@code {% for x in name %}}, {@code {% if name %}}. */
  private static final Pattern READS = Pattern.compile(
      "\\{\\{-?\\s*([A-Za-z_][A-Za-z0-9_]*)|\\{%-?\\s*(?:for\\s+[A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)?\\s+in|if|elseif)\\s+(?:not\\s+)?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> NOT_VARIABLES = Set.of("loop", "true", "false", "null", "none", "not", "range");

  private final PebbleEngine engine = new PebbleEngine.Builder()
      .loader(new StringLoader())
      .autoEscaping(false)
      .cacheActive(false)
      .strictVariables(false)
      .newLineTrimming(false)
      .maxRenderedSize(MAX_OUTPUT_CHARS)
      .build();

  /** The compiled template, or 400 {@value GenerationBus#TEMPLATE_INVALID} with Pebble's reason. */
  PebbleTemplate compile(String content) {
    if (content.length() > MAX_TEMPLATE_CHARS) {
      throw Failure.invalidInput("a template may have at most " + MAX_TEMPLATE_CHARS + " characters").asException();
    }
    try {
      return engine.getTemplate(content);
    } catch (PebbleException e) {
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template does not compile: " + e.getMessage()).asException();
    }
  }

  String render(PebbleTemplate template, Map<String, Object> values) {
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, values);
    } catch (PebbleException e) {
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template failed while rendering: " + e.getMessage()).asException();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString().strip();
  }

  /** The top-level names a template reads, in order of first use (loop variables excluded). */
  static Set<String> variables(String content) {
    Set<String> loopVariables = new LinkedHashSet<>();
    Matcher loops = Pattern.compile("\\{%-?\\s*for\\s+([A-Za-z_][A-Za-z0-9_]*)(?:\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*))?\\s+in").matcher(content);
    while (loops.find()) {
      loopVariables.add(loops.group(1));
      if (loops.group(2) != null) {
        loopVariables.add(loops.group(2));
      }
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m = READS.matcher(content);
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      if (!NOT_VARIABLES.contains(name) && !loopVariables.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
