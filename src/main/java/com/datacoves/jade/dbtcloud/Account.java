package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * dbt Cloud {@code AccountResponse} (v2 and v3 spec, every field), built by {@link AccountMapper}. Timestamps are
 * ISO-8601 UTC strings. Jade extra: {@code slug}. The billing and enterprise-login fields the Elixir Jade answered
 * (always null: Datacoves holds no such data) are kept, null, so that clients that stored its answers read the same
 * keys (docs/elixir-compatibility.md).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Account(long id, String name, @Nullable String slug, String plan, int runSlots, int developerSeats,
                      int itSeats, int explorerSeats, int analystSeats, int readOnlySeats, boolean locked,
                      @Nullable String lockReason, @Nullable String lockCause, @Nullable String unlockedAt,
                      boolean pendingCancel, @Nullable String billingEmailAddress, int podMemoryRequestMebibytes,
                      int developPodMemoryRequestMebibytes, int runDurationLimitSeconds, int queueLimit,
                      @Nullable String enterpriseLoginSlug, boolean businessCritical, @Nullable String starterRepoUrl,
                      String gitAuthLevel, @Nullable String identifier, @Nullable String trialEndDate,
                      @Nullable String staticSubdomain, @Nullable String vanitySubdomain,
                      @Nullable String runLockedUntil, int state, @Nullable Long docsJobId,
                      @Nullable Long freshnessJobId, @Nullable String copilotLockedUntil, boolean agentCreditLocked,
                      List<Object> accountMigrationEvents, List<Object> groups, @Nullable String createdAt,
                      @Nullable String updatedAt, @Nullable String stripeCustomerId,
                      @Nullable String metronomeCustomerId, @Nullable String salesforceCustomerId,
                      @Nullable Boolean thirdPartyBilling, @Nullable Boolean developFileSystem,
                      @Nullable Boolean unlockIfSubscriptionRenewed, @Nullable String enterpriseAuthenticationMethod,
                      @Nullable String enterpriseUniqueIdentifier) {
}
