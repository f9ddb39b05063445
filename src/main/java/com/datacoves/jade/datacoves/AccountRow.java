package com.datacoves.jade.datacoves;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code users_account} (read-only). The dbt Cloud account.
 *
 * @param id                account id, the dbt Cloud {@code account_id}
 * @param name              display name
 * @param slug              Datacoves' unique slug (the dbt Cloud {@code identifier})
 * @param planId            Datacoves plan id ({@code bigint}), null when none
 * @param developerLicenses developer licences; Datacoves stores 0 for "unlimited" (docs/datacoves-data.md)
 * @param trialEndsAt       end of the trial, UTC, null when none
 * @param deactivatedAt     when the account was deactivated (Datacoves' only marker), UTC, null while active
 * @param createdAt         creation time, UTC
 * @param updatedAt         last update, UTC
 */
public record AccountRow(long id, String name, String slug, @Nullable Long planId, int developerLicenses,
                         @Nullable OffsetDateTime trialEndsAt, @Nullable OffsetDateTime deactivatedAt,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** True while Datacoves has not deactivated the account. */
    public boolean active() {
        return deactivatedAt == null;
    }
}
