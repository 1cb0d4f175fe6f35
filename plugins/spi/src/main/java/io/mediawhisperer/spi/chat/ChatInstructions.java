package io.mediawhisperer.spi.chat;

/**
 * What a generative chat model is told to do, word for word the same for every plugin that
 * prompts a language model (openai-compatible, llama): answer only from the numbered passages and
 * cite them, or summarise only the given text. One wording, so that a change of the rules reaches
 * every model, and an answer's citations mean the same whichever model wrote it.
 */
public final class ChatInstructions {

  /** The system instructions for an answer. */
  public static final String ANSWER_RULES = """
      You answer questions using only the numbered passages from the user's own sources that \
      come with each question.
      - Use only what the passages say. Do not add facts from anywhere else.
      - Cite each passage you use with its number in square brackets, like [1] or [2][3], right \
      after the statement it supports. Cite only numbers that appear in front of a passage.
      - If the passages do not contain the answer, say so plainly and do not cite them.
      - Answer in the language of the question, briefly and clearly.""";

  /** The system instructions for a summary. */
  public static final String SUMMARY_RULES = """
      You write faithful summaries of the user's documents.
      - Use only the text given. Do not add facts from anywhere else.
      - Write plain prose, without citations, headings or lists.
      - Stay within the number of words asked for.""";

  /** Said in place of the passages when a question has none. */
  public static final String NO_PASSAGES = "There are no passages: nothing in the user's sources matched this question.";

  private ChatInstructions() {
  }
}
