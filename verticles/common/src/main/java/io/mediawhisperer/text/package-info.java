/**
 * Text of documents made fit to read on its own, shared by whatever reads it back to people: the
 * audiobooks' listening scripts and the summaries and posts written from sources. Pure Java.
 */
package io.mediawhisperer.text;
