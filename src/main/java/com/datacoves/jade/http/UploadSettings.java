package com.datacoves.jade.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Bounds of the multipart upload routes ({@code jade.uploads.*}, docs/hardening.md "Uploads"). Each bound is answered
 * with a 4xx (or 503) JSON error naming it.
 *
 * @param maxConcurrent  uploads read at once by this instance; one more is answered 503 with {@code Retry-After}
 *                       (each holds a blocking thread and up to 2 MiB of read-ahead); {@code JADE_MAX_CONCURRENT_UPLOADS}
 * @param maxFieldBytes  largest plain (non-file) field, in bytes (422 past it)
 * @param maxFieldsBytes most bytes of plain fields in one form, in bytes (422 past it)
 * @param maxParts       most parts in one form, files included (400 past it)
 * @param minBytesPerSecond the slowest average rate, in bytes per second since the upload began, at which a body is
 *                       still read once {@code minRateGrace} has passed; slower is 408 and frees the slot
 * @param minRateGrace   how long an upload may take before its average rate is checked
 */
@ConfigurationProperties("jade.uploads")
public record UploadSettings(@Bindable(defaultValue = "32") int maxConcurrent,
                             @Bindable(defaultValue = "65536") int maxFieldBytes,
                             @Bindable(defaultValue = "1048576") int maxFieldsBytes,
                             @Bindable(defaultValue = "1000") int maxParts,
                             @Bindable(defaultValue = "16384") long minBytesPerSecond,
                             @Bindable(defaultValue = "30s") Duration minRateGrace) {

    /** @throws IllegalArgumentException when a bound is not positive */
    public UploadSettings {
        if (maxConcurrent < 1 || maxFieldBytes < 1 || maxFieldsBytes < 1 || maxParts < 1 || minBytesPerSecond < 1
                || minRateGrace.isNegative() || minRateGrace.isZero()) {
            throw new IllegalArgumentException("jade.uploads.* bounds must be positive");
        }
    }
}
