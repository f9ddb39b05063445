package com.datacoves.jade.files;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of Jade's {@code environment_files}: one uploaded environment file (its bytes live in object storage).
 *
 * @param id              row id
 * @param slug            public id of the file (uuid), as Jade's {@code files.slug}
 * @param environmentSlug the Datacoves environment, e.g. {@code dev123}
 * @param tag             caller's tag, e.g. {@code manual__2024-01-01T00:00:00+00:00-run_results}; duplicates allowed
 * @param filename        the uploaded file's name, e.g. {@code run_results.json}
 * @param storageKey      object key, {@code environments/{slug}/files/{uuid}/{filename}} (sanitised; older and imported
 *                        rows keep the layout they were stored with)
 * @param sizeBytes       size in bytes
 * @param sha256          SHA-256 of the bytes, lower-case hex
 * @param contentType     MIME type sent with the upload, or null
 * @param insertedAt      creation time, UTC
 * @param updatedAt       last replacement time, UTC
 */
public record FileRow(@Nullable Long id, UUID slug, String environmentSlug, String tag,
                      String filename, String storageKey, long sizeBytes, String sha256, @Nullable String contentType,
                      @Nullable OffsetDateTime insertedAt, @Nullable OffsetDateTime updatedAt) {
}
