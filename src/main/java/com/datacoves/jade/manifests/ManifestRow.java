package com.datacoves.jade.manifests;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of Jade's {@code manifests}: metadata of one stored dbt manifest (the bytes are in object storage).
 *
 * @param id               row id
 * @param slug             public id (uuid); part of the key of an unlinked manifest
 * @param accountId        Datacoves account
 * @param projectId        Datacoves project
 * @param environmentId    Datacoves environment id
 * @param environmentSlug  Datacoves environment slug, e.g. {@code dev123}
 * @param dagId            Airflow DAG id when linked, else null
 * @param dagRunId         Airflow {@code dag_run.id} when linked, else null
 * @param runId            the {@code run_id} sent by the client (kept even when unlinked), or null
 * @param tag              caller's tag, unique per environment, or null
 * @param dbtSchemaVersion {@code metadata.dbt_schema_version}
 * @param dbtVersion       {@code metadata.dbt_version}, or null
 * @param projectName      {@code metadata.project_name}, or null
 * @param nodeCount        entries of {@code nodes}
 * @param sourceCount      entries of {@code sources}
 * @param sizeBytes        size in bytes
 * @param sha256           SHA-256, lower-case hex
 * @param storageKey       object key (docs/datacoves-api.md)
 * @param createdAt        upload time, UTC
 */
public record ManifestRow(@Nullable Long id, UUID slug, long accountId, long projectId,
                          long environmentId, String environmentSlug, @Nullable String dagId, @Nullable Long dagRunId,
                          @Nullable String runId, @Nullable String tag, String dbtSchemaVersion,
                          @Nullable String dbtVersion, @Nullable String projectName, int nodeCount, int sourceCount,
                          long sizeBytes, String sha256, String storageKey, @Nullable OffsetDateTime createdAt) {
}
