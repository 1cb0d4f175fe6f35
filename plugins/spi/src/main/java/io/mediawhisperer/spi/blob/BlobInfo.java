package io.mediawhisperer.spi.blob;

import java.time.Instant;

/**
 * A stored blob, as {@link BlobStore#list} reports it.
 *
 * @param createdAt when its bytes were stored (a {@link BlobStore#rename} keeps it), so a sweep can
 *                  tell an abandoned blob from one still in flight
 */
public record BlobInfo(String key, long size, Instant createdAt) {
}
