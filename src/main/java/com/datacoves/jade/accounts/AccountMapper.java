package com.datacoves.jade.accounts;

import com.datacoves.jade.http.Timestamps;

import java.util.List;

/**
 * {@code users_account} row → dbt Cloud Account. Sources (Datacoves column → field): id → id, name → name,
 * slug → identifier and Jade's slug, developer_licenses → developer_seats, trial_ends_at → trial_end_date,
 * deactivated_at → locked (true when set) and state (2 when set, else 1), created_at/updated_at → same.
 * plan: {@code enterprise} (Datacoves has no dbt Cloud plan; spec enum value). Every other field is the spec's
 * default ({@code run_slots} 1, seats 0, memory 600/0, {@code run_duration_limit_seconds} 86400, {@code queue_limit}
 * 50, booleans false, {@code git_auth_level} "team") or null.
 */
public final class AccountMapper {

    private AccountMapper() {
    }

    /** The wire Account of a row. */
    public static Account toAccount(AccountRow a) {
        boolean deactivated = a.deactivatedAt() != null;
        return new Account(a.id(), a.name(), a.slug(), "enterprise", 1,
                a.developerLicenses() == null ? 0 : a.developerLicenses(), 0, 0, 0, 0, deactivated,
                null, deactivated ? "other" : null, null, false, null, 600, 0, 86400, 50, null, false, null,
                "team", a.slug(), Timestamps.iso(a.trialEndsAt()), null, null, null, deactivated ? 2 : 1, null, null,
                null, false, List.of(), List.of(), Timestamps.iso(a.createdAt()), Timestamps.iso(a.updatedAt()));
    }
}
