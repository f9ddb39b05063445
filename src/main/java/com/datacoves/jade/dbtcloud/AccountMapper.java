package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.datacoves.AccountRow;

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
        return AccountBuilder.builder()
                .id(a.id()).name(a.name()).slug(a.slug()).identifier(a.slug())
                .plan("enterprise").runSlots(1).developerSeats(a.developerLicenses())
                .itSeats(0).explorerSeats(0).analystSeats(0).readOnlySeats(0)
                .locked(deactivated).lockCause(deactivated ? "other" : null).pendingCancel(false)
                .podMemoryRequestMebibytes(600).developPodMemoryRequestMebibytes(0)
                .runDurationLimitSeconds(86400).queueLimit(50).businessCritical(false).gitAuthLevel("team")
                .trialEndDate(Timestamps.iso(a.trialEndsAt())).state(deactivated ? 2 : 1).agentCreditLocked(false)
                .accountMigrationEvents(List.of()).groups(List.of())
                .createdAt(Timestamps.iso(a.createdAt())).updatedAt(Timestamps.iso(a.updatedAt()))
                .build();
    }
}
