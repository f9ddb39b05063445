package com.datacoves.jade.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code users_account} (read-only; Datacoves owns the table). The dbt Cloud Account.
 *
 * @param id                 account id, the dbt Cloud {@code account_id}
 * @param name               display name
 * @param slug               Datacoves' unique slug (the dbt Cloud {@code identifier})
 * @param planId             Datacoves plan id, null when none
 * @param developerLicenses  number of developer licences (dbt Cloud {@code developer_seats})
 * @param trialEndsAt        end of the trial, UTC, null when none
 * @param deactivatedAt      when the account was deactivated, UTC, null while active
 * @param createdAt          creation time, UTC
 * @param updatedAt          last update, UTC
 */
@MappedEntity("users_account")
public record AccountRow(@Id long id, String name, @Nullable String slug, @Nullable Integer planId,
                         @Nullable Integer developerLicenses, @Nullable OffsetDateTime trialEndsAt,
                         @Nullable OffsetDateTime deactivatedAt, @Nullable OffsetDateTime createdAt,
                         @Nullable OffsetDateTime updatedAt) {
}
