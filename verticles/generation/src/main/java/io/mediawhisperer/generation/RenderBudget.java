package io.mediawhisperer.generation;

import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.bus.GenerationBus;
import io.mediawhisperer.config.ConfigKeys;

/**
 * What one render of a user's template may spend: loop iterations, macro calls and values of
 * {@code range()}, wall-clock time, and macro nesting. Pebble has no budget of its own, so the {@link BudgetExtension} puts a
 * {@link #step()} at the top of every loop body and macro body, and the render's writer calls
 * {@link #checkDeadline()}; a render that passes a limit stops there with {@link Exceeded}, and
 * the worker running it is free again at once. A render runs on one thread (no executor is given
 * to Pebble's {@code parallel} tag), so the budget of the running render is a thread-local.
 */
final class RenderBudget implements AutoCloseable {

  /** Macros nested deeper than this are taken for recursion (a template has no use for more). */
  static final int MAX_MACRO_DEPTH = 50;

  private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

  private final Templates.Budget limits;
  private final long deadlineNanos;
  private long steps;
  private int macroDepth;

  private RenderBudget(Templates.Budget limits) {
    this.limits = limits;
    this.deadlineNanos = System.nanoTime() + limits.timeoutMs() * 1_000_000;
  }

  /** Starts the budget of a render on this thread; close it when the render ends. */
  static RenderBudget start(Templates.Budget limits) {
    RenderBudget budget = new RenderBudget(limits);
    CURRENT.set(budget);
    return budget;
  }

  @Override
  public void close() {
    CURRENT.remove();
  }

  /** The budget of the render running on this thread, or null outside a render. */
  static RenderBudget current() {
    return CURRENT.get();
  }

  /** One loop iteration or macro call. */
  void step() {
    if (++steps > limits.maxIterations()) {
      throw tooExpensive("the template needs more than " + limits.maxIterations()
          + " loop iterations and macro calls (the server's " + ConfigKeys.TEMPLATE_MAX_ITERATIONS.name() + ")");
    }
    checkDeadline();
  }

  /** Fails the render past its deadline, or when the thread running it was interrupted. */
  void checkDeadline() {
    if (System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted()) {
      throw tooExpensive("the template takes longer than " + limits.timeoutMs()
          + " ms to render (the server's " + ConfigKeys.TEMPLATE_RENDER_TIMEOUT_MS.name() + ")");
    }
  }

  /**
   * A range of {@code count} values costs that many steps, whether it is looped over or fed to
   * filters ({@code range(1, 99999) | join}), so ranges cannot multiply work outside loops either.
   */
  void spendOnRange(long count) {
    if (count > limits.maxIterations() - steps) {
      throw tooExpensive("range() of " + count + " values does not fit in what the template may still loop ("
          + Math.max(0, limits.maxIterations() - steps) + " of " + limits.maxIterations() + ", the server's "
          + ConfigKeys.TEMPLATE_MAX_ITERATIONS.name() + ")");
    }
    steps += count;
    checkDeadline();
  }

  void enterMacro(String name) {
    if (++macroDepth > MAX_MACRO_DEPTH) {
      throw new Exceeded(new Failure(400, GenerationBus.TEMPLATE_INVALID, "macro '" + name
          + "' calls itself (directly or through other macros): macros may nest at most " + MAX_MACRO_DEPTH + " deep"));
    }
    step();
  }

  void exitMacro() {
    macroDepth--;
  }

  private static Exceeded tooExpensive(String message) {
    return new Exceeded(new Failure(422, GenerationBus.TEMPLATE_TOO_EXPENSIVE, message));
  }

  /** A render stopped by its budget; thrown through Pebble, which may wrap it. */
  static final class Exceeded extends RuntimeException {
    private final Failure failure;

    Exceeded(Failure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }

    Failure failure() {
      return failure;
    }

    /** The budget failure somewhere in {@code error}'s causes, or null. */
    static Failure in(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t instanceof Exceeded exceeded) {
          return exceeded.failure;
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return null;
    }
  }
}
