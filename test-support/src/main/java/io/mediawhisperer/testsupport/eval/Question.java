package io.mediawhisperer.testsupport.eval;

/** A question of a set, as a user would type it, and where its answer is. */
public record Question(String id, String text, Answer answer) {
}
