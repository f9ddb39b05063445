package com.datacoves.jade.index;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How the run index is refreshed ({@code jade.index.*}; docs/index.md explains each and the staleness they give).
 *
 * @param background       run passes in the background (false: only when a request needs one, e.g. the CLI)
 * @param refreshInterval  pause between two passes of one environment
 * @param refreshTick      how often a replica looks for due environments
 * @param dagInterval      how often a pass re-reads the environment's DAGs (their runs are read on every pass)
 * @param workers          passes one replica runs at once (its bounded pool)
 * @param batchSize        new DAG runs read per query; a pass reads up to {@code maxPagesPerPass} such pages
 * @param maxPagesPerPass  pages of new DAG runs one pass reads before handing the environment back
 * @param recentRuns       how many of the newest dag_run ids the "changed" part looks at
 * @param lateCommitWindow how far back, in {@code updated_at}, the "changed" part reads (clock skew and commits that
 *                         land after a later stamp)
 * @param holeHorizon      how long an unseen dag_run id below the high mark is re-read before it counts as rolled back
 * @param maxHoles         most unseen ids kept per environment (the sweep finds any beyond)
 * @param activeLimit      most queued (and most running) DAG runs re-read per pass
 * @param sweepInterval    time between the starts of two full sweeps of an environment
 * @param sweepBatch       DAG runs compared per pass while a sweep is in progress
 * @param lease            how long a claim on an environment holds without renewal (a replica renews its claims and
 *                         its membership every third of it)
 * @param maxLag           a request waits for a pass of an environment whose last one ended longer ago (default
 *                         twice the refresh interval)
 * @param requestTimeout   the longest such a wait
 */
@ConfigurationProperties("jade.index")
public record IndexSettings(@Bindable(defaultValue = "true") boolean background,
                            @Bindable(defaultValue = "2s") Duration refreshInterval,
                            @Bindable(defaultValue = "250ms") Duration refreshTick,
                            @Bindable(defaultValue = "10s") Duration dagInterval,
                            @Bindable(defaultValue = "4") int workers,
                            @Bindable(defaultValue = "2000") int batchSize,
                            @Bindable(defaultValue = "10") int maxPagesPerPass,
                            @Bindable(defaultValue = "2000") int recentRuns,
                            @Bindable(defaultValue = "60s") Duration lateCommitWindow,
                            @Bindable(defaultValue = "10m") Duration holeHorizon,
                            @Bindable(defaultValue = "1000") int maxHoles,
                            @Bindable(defaultValue = "1000") int activeLimit,
                            @Bindable(defaultValue = "10m") Duration sweepInterval,
                            @Bindable(defaultValue = "2000") int sweepBatch,
                            @Bindable(defaultValue = "3s") Duration lease,
                            @Nullable Duration maxLag,
                            @Bindable(defaultValue = "3s") Duration requestTimeout) {

    /** The max lag, defaulted. */
    public Duration effectiveMaxLag() {
        return maxLag != null ? maxLag : refreshInterval.multipliedBy(2);
    }
}
