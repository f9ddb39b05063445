package com.datacoves.jade.environments;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code projects_environment} with its project's account and its release's dbt version
 * (read-only). The dbt Cloud Environment; also the unit that owns one Airflow (its DAGs are dbt Cloud jobs).
 *
 * @param id              environment id
 * @param projectId       owning project
 * @param accountId       the project's account
 * @param name            display name
 * @param slug            Datacoves' unique environment slug, e.g. {@code dev123}
 * @param type            Datacoves type: {@code dev}, {@code test} or {@code prod}
 * @param dbtHomePath     dbt project folder inside the repository (dbt Cloud {@code dbt_project_subdirectory})
 * @param dbtVersion      dbt version of the environment's release, null when unknown
 * @param airflowEnabled  true when Datacoves runs an Airflow for it ({@code services.airflow.enabled})
 * @param airflowConfig   the Fernet-encrypted {@code airflow_config}, null when absent
 * @param createdAt       creation time, UTC
 * @param updatedAt       last update, UTC
 */
@MappedEntity("projects_environment")
public record EnvironmentRow(@Id long id, long projectId, long accountId, String name, String slug,
                             @Nullable String type, @Nullable String dbtHomePath, @Nullable String dbtVersion,
                             boolean airflowEnabled, @Nullable byte[] airflowConfig,
                             @Nullable OffsetDateTime createdAt, @Nullable OffsetDateTime updatedAt) {

}
