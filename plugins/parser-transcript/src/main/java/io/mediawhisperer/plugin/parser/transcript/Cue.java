package io.mediawhisperer.plugin.parser.transcript;

import java.util.List;

/** A cue as written in the file: its timing and its text lines, markup still in them. */
record Cue(double start, double end, List<String> lines) {
}
