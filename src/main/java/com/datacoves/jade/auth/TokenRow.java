package com.datacoves.jade.auth;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A row of Jade's {@code api_tokens}: one API key of one account. The key itself is never stored.
 *
 * @param id         token id (what admins list and delete)
 * @param accountId  the Datacoves account the key may read
 * @param name       a short label chosen by the admin, e.g. {@code bigeye}
 * @param prefix     the first characters of the key's random part: not secret, narrows the BCrypt check to one row
 * @param keyHash    BCrypt hash of the whole key
 * @param createdAt  creation time, UTC
 * @param lastUsedAt   last authenticated use, UTC, updated at most once a minute; null when never used
 * @param allowTrigger true when the key may start and stop runs (default false)
 */
public record TokenRow(@Nullable Long id, long accountId, String name, String prefix,
                       String keyHash, @Nullable OffsetDateTime createdAt, @Nullable OffsetDateTime lastUsedAt,
                       boolean allowTrigger) {
}
