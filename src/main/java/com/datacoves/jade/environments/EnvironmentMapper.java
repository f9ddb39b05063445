package com.datacoves.jade.environments;

import com.datacoves.jade.http.Timestamps;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code projects_environment} row → dbt Cloud Environment. Sources: id, project_id, name, slug (Jade extra),
 * created_at, updated_at (same columns); account_id from the project; dbt_project_subdirectory ← dbt_home_path;
 * dbt_version and raw_dbt_version ← the environment's release ({@code projects_release.dbt_version}, "latest" when
 * unknown). Datacoves {@code type} → dbt Cloud: {@code dev} → type development (no deployment_type);
 * {@code prod} → deployment/production; {@code test} and others → deployment/staging. is_deferrable: true for
 * deployment environments. Defaults (spec): state 1, booleans false, custom_environment_variables [], the rest null.
 */
public final class EnvironmentMapper {

    private EnvironmentMapper() {
    }

    /**
     * @param repository the project's repository object when {@code include_related=repository}, else null
     * @param project    the nested project when {@code include_related=project}, else null
     */
    public static Environment toEnvironment(EnvironmentRow e, @Nullable Long repositoryId, @Nullable Object repository,
                                            @Nullable Object project) {
        boolean dev = "dev".equals(e.type());
        String deployment = dev ? null : "prod".equals(e.type()) ? "production" : "staging";
        String version = e.dbtVersion() == null ? "latest" : e.dbtVersion();
        String subdirectory = e.dbtHomePath() == null || e.dbtHomePath().isBlank() ? null : e.dbtHomePath();
        return new Environment(e.id(), e.accountId(), e.projectId(), e.name(), e.slug(), null, null, repositoryId,
                null, null, false, subdirectory, version, version, false, deployment,
                dev ? "development" : "deployment", null, 1, !dev, false, false, null, null,
                Timestamps.iso(e.createdAt()), Timestamps.iso(e.updatedAt()), repository, null, null, project, null,
                List.of());
    }
}
