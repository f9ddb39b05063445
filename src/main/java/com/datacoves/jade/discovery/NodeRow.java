package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A node as queries read it: its definition from the node set, and what Jade knows of it in the environment — its
 * execution (applied state, or one run's result for the job API), catalog entry and freshness check.
 *
 * @param definition    the manifest's definition
 * @param modelingLayer {@code staging}, {@code intermediate} or {@code marts} from the model's folders, else null
 * @param execution     the execution, or null when none is known
 * @param catalog       the catalog entry, or null
 * @param freshness     the freshness check of a source, or null
 */
public record NodeRow(NodeDefinition definition, @Nullable String modelingLayer, @Nullable Execution execution,
                      @Nullable Catalog catalog, @Nullable Freshness freshness) {

    /**
     * An execution: the latest attempt ({@code last…}) and the latest success (the others), which dbt Cloud's
     * executionInfo separates. For a single run both describe that run.
     *
     * @param lastStatus         dbt's status of the latest attempt
     * @param lastError          its error message
     * @param lastFailures       its failing rows (tests)
     * @param lastRunId          its dbt Cloud run id
     * @param lastJobId          its dbt Cloud job id
     * @param lastGeneratedAt    its run_results {@code generated_at}
     * @param successRunId       run id of the latest success
     * @param successJobId       job id of the latest success
     * @param successGeneratedAt run_results {@code generated_at} of the latest success
     * @param compileStartedAt   timing of the latest success
     * @param compileCompletedAt timing of the latest success
     * @param executeStartedAt   timing of the latest success
     * @param executeCompletedAt timing of the latest success
     * @param executionTime      seconds the node took in the latest success
     * @param runElapsedTime     seconds the whole invocation took (latest success)
     * @param threadId           dbt's thread (single runs only)
     * @param invocationId       dbt's invocation id (single runs only)
     */
    public record Execution(@Nullable String lastStatus, @Nullable String lastError, @Nullable Long lastFailures,
                            @Nullable Long lastRunId, @Nullable Long lastJobId,
                            @Nullable OffsetDateTime lastGeneratedAt, @Nullable Long successRunId,
                            @Nullable Long successJobId, @Nullable OffsetDateTime successGeneratedAt,
                            @Nullable OffsetDateTime compileStartedAt, @Nullable OffsetDateTime compileCompletedAt,
                            @Nullable OffsetDateTime executeStartedAt, @Nullable OffsetDateTime executeCompletedAt,
                            @Nullable Double executionTime, @Nullable Double runElapsedTime,
                            @Nullable String threadId, @Nullable String invocationId) {
    }

    /**
     * A catalog entry.
     *
     * @param tableType   relation type
     * @param owner       relation owner
     * @param comment     relation comment
     * @param columnsJson columns, JSON array of {@code {name, type, index, comment}}
     * @param statsJson   stats, JSON array
     * @param runId       dbt Cloud run of the catalog
     * @param jobId       dbt Cloud job of the catalog
     * @param generatedAt catalog's {@code generated_at}
     */
    public record Catalog(@Nullable String tableType, @Nullable String owner, @Nullable String comment,
                          String columnsJson, String statsJson, @Nullable Long runId, @Nullable Long jobId,
                          OffsetDateTime generatedAt) {
    }

    /**
     * A source's freshness check.
     *
     * @param status        {@code pass}, {@code warn}, {@code error}, {@code runtime error}
     * @param error         failure message
     * @param maxLoadedAt   newest loaded row
     * @param snapshottedAt when checked
     * @param ageSeconds    age of the newest row when checked
     * @param criteriaJson  criteria
     * @param runId         dbt Cloud run of the check
     * @param jobId         dbt Cloud job of the check
     * @param generatedAt   sources.json {@code generated_at}
     */
    public record Freshness(@Nullable String status, @Nullable String error, @Nullable OffsetDateTime maxLoadedAt,
                            @Nullable OffsetDateTime snapshottedAt, @Nullable Double ageSeconds,
                            @Nullable String criteriaJson, @Nullable Long runId, @Nullable Long jobId,
                            OffsetDateTime generatedAt) {
    }
}
