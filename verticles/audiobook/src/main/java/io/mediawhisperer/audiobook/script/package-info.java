/**
 * What an audiobook speaks: {@link io.mediawhisperer.audiobook.script.ListeningScript} turns a
 * source's text ({@link io.mediawhisperer.audiobook.script.SourceText}: pages and outline, segments
 * or messages) into {@link io.mediawhisperer.audiobook.script.Chapter}s of speakable paragraphs.
 * Pure computation, no Vert.x.
 */
package io.mediawhisperer.audiobook.script;
