package io.mediawhisperer.testsupport.eval;

import java.nio.file.Path;

/** A document of a set: the name its answers use and the file that is uploaded. */
public record EvalDocument(String name, Path file) {
}
