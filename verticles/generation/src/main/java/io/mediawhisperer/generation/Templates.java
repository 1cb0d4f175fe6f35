package io.mediawhisperer.generation;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
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
 * validator keeps them away from reflection; output is capped, and every render runs within a
 * {@link Budget} of loop iterations and time ({@link RenderBudget}), so a template cannot pin the
 * workers it renders on.
 */
final class Templates {

  static final int MAX_TEMPLATE_CHARS = 20_000;
  static final int MAX_OUTPUT_CHARS = 100_000;
  /** Names a template reads: {@code {{ name }}}, {@code {{ name | filter }}}, {@code {% for x in name %}}, {@code {% if name %}}. */
  private static final Pattern READS = Pattern.compile(
      "\\{\\{-?\\s*([A-Za-z_][A-Za-z0-9_]*)|\\{%-?\\s*(?:for\\s+[A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)?\\s+in|if|elseif)\\s+(?:not\\s+)?([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> NOT_VARIABLES = Set.of("loop", "true", "false", "null", "none", "not", "range");

  /** The limits of one render: loop iterations and macro calls, and wall-clock time. */
  record Budget(long maxIterations, long timeoutMs) {
    static final Budget DEFAULT = new Budget(100_000, 1_000);

    Budget {
      if (maxIterations < 1 || timeoutMs < 1) {
        throw new IllegalArgumentException("a template budget needs at least one iteration and one millisecond");
      }
    }
  }

  private final Budget budget;
  private final PebbleEngine engine;

  Templates() {
    this(Budget.DEFAULT);
  }

  Templates(Budget budget) {
    this.budget = budget;
    this.engine = new PebbleEngine.Builder()
        .loader(new StringLoader())
        .autoEscaping(false)
        .cacheActive(false)
        .strictVariables(false)
        .newLineTrimming(false)
        .maxRenderedSize(MAX_OUTPUT_CHARS)
        .extension(new BudgetExtension())
        .build();
  }

  /** The compiled template, or 400 {@value GenerationBus#TEMPLATE_INVALID} with Pebble's reason. */
  PebbleTemplate compile(String content) {
    if (content.length() > MAX_TEMPLATE_CHARS) {
      throw Failure.invalidInput("a template may have at most " + MAX_TEMPLATE_CHARS + " characters").asException();
    }
    try {
      return engine.getTemplate(content);
    } catch (PebbleException e) {
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template does not compile: " + e.getMessage()).asException();
    } catch (StackOverflowError e) {
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template nests too deeply to compile").asException();
    }
  }

  /**
   * What can be known of a template when it is saved: it compiles, and rendered without values it
   * stays within the budget (loops over {@code range()} and recursive macros cost the same
   * whatever the values). Other failures of that trial are not the template's fault: it was given
   * no values. Blocks for up to the render timeout, so never on an event loop.
   */
  void check(String content) {
    PebbleTemplate template = compile(content);
    try {
      evaluate(template, Map.of());
    } catch (RuntimeException e) {
      Failure overBudget = RenderBudget.Exceeded.in(e);
      if (overBudget != null) {
        throw overBudget.asException();
      }
    }
  }

  /**
   * Renders within the budget: 422 {@value GenerationBus#TEMPLATE_TOO_EXPENSIVE} past it, 400
   * {@value GenerationBus#TEMPLATE_INVALID} for a template that fails (recursion included).
   */
  String render(PebbleTemplate template, Map<String, Object> values) {
    try {
      return evaluate(template, values);
    } catch (RuntimeException e) {
      Failure overBudget = RenderBudget.Exceeded.in(e);
      if (overBudget != null) {
        throw overBudget.asException();
      }
      if (e instanceof Failure.FailureException) {
        throw e;
      }
      // the values are plain data filled before the render, so whatever fails in it is the template's doing
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template failed while rendering: " + e.getMessage()).asException();
    }
  }

  private String evaluate(PebbleTemplate template, Map<String, Object> values) {
    try (RenderBudget running = RenderBudget.start(budget)) {
      Writer out = new DeadlineWriter(running);
      template.evaluate(out, values);
      return out.toString().strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (StackOverflowError e) {
      throw new Failure(400, GenerationBus.TEMPLATE_INVALID, "the template nests too deeply to render").asException();
    }
  }

  /** Collects the output and checks the deadline on every write, so a loop that writes cannot outrun it. */
  private static final class DeadlineWriter extends Writer {
    private final StringWriter out = new StringWriter();
    private final RenderBudget budget;

    DeadlineWriter(RenderBudget budget) {
      this.budget = budget;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      budget.checkDeadline();
      out.write(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      budget.checkDeadline();
      out.write(text, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
      return out.toString();
    }
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
