/** Audiobooks: a source read aloud in chapters by a speech synthesizer plugin, encoded with ffmpeg. */
package io.mediawhisperer.audiobook;
