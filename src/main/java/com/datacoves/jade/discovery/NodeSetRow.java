package com.datacoves.jade.discovery;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A current node set ({@code discovery_manifests}): the definitions of one extracted manifest.
 *
 * @param id           set id
 * @param dagScope     the DAG of the manifest, {@code ""} for unlinked manifests
 * @param airflowRunId Airflow run id of the upload
 * @param runId        dbt Cloud run id, when known
 * @param jobId        dbt Cloud job id, when known
 * @param projectName  manifest {@code project_name}
 * @param adapterType  manifest {@code adapter_type}
 * @param dbtVersion   manifest {@code dbt_version}
 * @param generatedAt  manifest {@code generated_at}
 */
public record NodeSetRow(long id, String dagScope, @Nullable String airflowRunId, @Nullable Long runId,
                         @Nullable Long jobId, @Nullable String projectName, @Nullable String adapterType,
                         @Nullable String dbtVersion, @Nullable OffsetDateTime generatedAt) {
}
