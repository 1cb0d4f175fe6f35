package io.mediawhisperer.generation;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.AbstractNodeVisitor;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.extension.NodeVisitorFactory;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.ForNode;
import io.pebbletemplates.pebble.node.MacroNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import java.io.IOException;
import java.io.Writer;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * Puts every render under its {@link RenderBudget}: after parsing, the body of each {@code for}
 * loop and each macro is wrapped in a node that spends one step of the budget before rendering
 * it (macros also count their nesting), and {@code range()} is replaced by a lazy one that
 * spends its length from the budget and refuses a range longer than what is left instead of
 * building it in memory (Pebble's builds a list: {@code range(0, 2000000000)} alone would fill the
 * heap).
 */
final class BudgetExtension extends AbstractExtension {

  @Override
  public List<NodeVisitorFactory> getNodeVisitors() {
    return List.of(BudgetVisitor::new);
  }

  @Override
  public Map<String, Function> getFunctions() {
    return Map.of("range", new LazyRange());
  }

  private static final class BudgetVisitor extends AbstractNodeVisitor {

    BudgetVisitor(PebbleTemplate template) {
      super((PebbleTemplateImpl) template);
    }

    @Override
    public void visit(ForNode node) {
      super.visit(node); // inner loops first: the wrapper hides its children from the visitor
      wrap(node.getBody(), null);
    }

    @Override
    public void visit(MacroNode node) {
      super.visit(node);
      wrap(node.getBody(), node.getName());
    }

    private static void wrap(BodyNode body, String macro) {
      List<RenderableNode> children = body.getChildren();
      BudgetedNodes budgeted = new BudgetedNodes(body.getLineNumber(), List.copyOf(children), macro);
      children.clear();
      children.add(budgeted);
    }
  }

  /** A loop's or macro's body behind one step of the budget. */
  private static final class BudgetedNodes implements RenderableNode {
    private final int lineNumber;
    private final List<RenderableNode> children;
    private final String macro;

    BudgetedNodes(int lineNumber, List<RenderableNode> children, String macro) {
      this.lineNumber = lineNumber;
      this.children = children;
      this.macro = macro;
    }

    @Override
    public void render(PebbleTemplateImpl self, Writer writer, EvaluationContextImpl context) throws IOException {
      RenderBudget budget = RenderBudget.current();
      if (budget == null) {
        throw new IllegalStateException("a template rendered outside Templates.render");
      }
      if (macro == null) {
        budget.step();
        renderChildren(self, writer, context);
        return;
      }
      budget.enterMacro(macro);
      try {
        renderChildren(self, writer, context);
      } finally {
        budget.exitMacro();
      }
    }

    private void renderChildren(PebbleTemplateImpl self, Writer writer, EvaluationContextImpl context) throws IOException {
      for (RenderableNode child : children) {
        child.render(self, writer, context);
      }
    }

    @Override
    public void accept(NodeVisitor visitor) {
      visitor.visit(this);
    }

    @Override
    public String toString() {
      return "budgeted body at line " + lineNumber;
    }
  }

  /** Pebble's {@code range(start, end, increment?)} (inclusive; numbers or single characters), without the list. */
  private static final class LazyRange implements Function {

    @Override
    public List<String> getArgumentNames() {
      return List.of("start", "end", "increment");
    }

    @Override
    public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int lineNumber) {
      Object start = args.get("start");
      Object end = args.get("end");
      Object increment = args.get("increment") == null ? 1L : args.get("increment");
      if (!(increment instanceof Number step) || step.longValue() == 0) {
        throw new PebbleException(null, "the increment of range() must be a number other than 0", lineNumber, self.getName());
      }
      long by = step.longValue();
      boolean characters;
      long from;
      long to;
      if (start instanceof Number s && end instanceof Number e) {
        characters = false;
        from = s.longValue();
        to = e.longValue();
      } else if (start instanceof String s && end instanceof String e && s.length() == 1 && e.length() == 1) {
        characters = true;
        from = s.charAt(0);
        to = e.charAt(0);
      } else {
        throw new PebbleException(null, "the arguments of range() must be numbers or single characters", lineNumber, self.getName());
      }
      long count = count(from, to, by);
      RenderBudget budget = RenderBudget.current();
      if (budget != null) {
        budget.spendOnRange(count);
      }
      int size = (int) Math.min(count, Integer.MAX_VALUE);
      return new AbstractList<Object>() {
        @Override
        public Object get(int index) {
          long value = from + index * by;
          return characters ? (Object) (char) value : (Object) value;
        }

        @Override
        public int size() {
          return size;
        }
      };
    }

    /** How many values from..to (inclusive) in steps of {@code by} holds, without overflowing. */
    private static long count(long from, long to, long by) {
      if (by > 0 ? from > to : from < to) {
        return 0;
      }
      java.math.BigInteger span = java.math.BigInteger.valueOf(to).subtract(java.math.BigInteger.valueOf(from)).abs();
      java.math.BigInteger values = span.divide(java.math.BigInteger.valueOf(by).abs()).add(java.math.BigInteger.ONE);
      return values.bitLength() < 63 ? values.longValue() : Long.MAX_VALUE;
    }
  }
}
