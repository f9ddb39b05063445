package com.datacoves.jade.datacoves;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code projects_environment} with its project's account and its release's dbt version
 * (read-only). The dbt Cloud environment; also the unit that owns one Airflow (its DAGs are dbt Cloud jobs).
 *
 * @param id             environment id
 * @param projectId      owning project
 * @param accountId      the project's account
 * @param name           display name
 * @param slug           Datacoves' unique environment slug, e.g. {@code dev123}
 * @param type           Datacoves type: {@code dev}, {@code test} or {@code prod}
 * @param dbtHomePath    dbt project folder inside the repository, {@code ""} at the root
 * @param dbtVersion     dbt version of the environment's release; Datacoves stores {@code ""} when unknown
 * @param airflowEnabled true when Datacoves deploys an Airflow for it ({@code services.airflow} both
 *                       {@code enabled} and {@code valid}, Datacoves' own rule)
 * @param airflowConfig  the Fernet-encrypted {@code airflow_config}, null when absent
 * @param accountActive  false when the account is deactivated (Jade then neither serves nor indexes it)
 * @param createdAt      creation time, UTC
 * @param updatedAt      last update, UTC
 */
public record EnvironmentRow(long id, long projectId, long accountId, String name, String slug, String type,
                             String dbtHomePath, String dbtVersion, boolean airflowEnabled,
                             @Nullable byte[] airflowConfig, boolean accountActive, OffsetDateTime createdAt,
                             OffsetDateTime updatedAt) {
}
