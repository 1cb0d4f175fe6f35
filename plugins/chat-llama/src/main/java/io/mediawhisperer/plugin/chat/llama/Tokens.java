package io.mediawhisperer.plugin.chat.llama;

/** The model's own tokenizer, for budgeting the context window in the unit it is measured in. */
interface Tokens {

  /** How many tokens {@code text} takes. */
  int count(String text);

  /** {@code text} cut to its first {@code tokens} tokens (whole characters only). */
  String cut(String text, int tokens);
}
