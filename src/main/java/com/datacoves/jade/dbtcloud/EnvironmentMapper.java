package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.datacoves.EnvironmentRow;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code projects_environment} row → dbt Cloud Environment. Sources: id, project_id, name, slug (Jade extra),
 * created_at, updated_at (same columns); account_id from the project; dbt_project_subdirectory ← dbt_home_path (null
 * when the project is at the repository's root); dbt_version and raw_dbt_version ← the environment's release
 * ({@code projects_release.dbt_version}; Datacoves stores {@code ""} when unknown, shown as {@code latest}).
 * Datacoves {@code type} → dbt Cloud: {@code dev} → type development (no deployment_type); {@code prod} →
 * deployment/production; {@code test} and others → deployment/staging. is_deferrable: true for deployment
 * environments. Defaults (spec): state 1, booleans false, the rest null — custom_environment_variables included, as dbt Cloud
 * answers it (see {@link Environment}).
 */
public final class EnvironmentMapper {

    private EnvironmentMapper() {
    }

    /**
     * @param repositoryId the project's repository id
     * @param repository   the project's repository object when {@code include_related=repository}, else null
     * @param project      the nested project when {@code include_related=project}, else null
     */
    public static Environment toEnvironment(EnvironmentRow e, @Nullable Long repositoryId, @Nullable Object repository,
                                            @Nullable Object project) {
        boolean dev = isDevelopment(e.type());
        String version = e.dbtVersion() == null || e.dbtVersion().isBlank() ? "latest" : e.dbtVersion();
        String subdirectory = e.dbtHomePath() == null || e.dbtHomePath().isBlank() ? null : e.dbtHomePath();
        return EnvironmentBuilder.builder()
                .id(e.id()).accountId(e.accountId()).projectId(e.projectId()).name(e.name()).slug(e.slug())
                .repositoryId(repositoryId).useCustomBranch(false).dbtProjectSubdirectory(subdirectory)
                .dbtVersion(version).rawDbtVersion(version).supportsDocs(false)
                .deploymentType(deploymentType(e.type()))
                .type(type(e.type())).state(1).isDeferrable(!dev)
                .enableModelQueryHistory(false).enableDbtState(false)
                .createdAt(Timestamps.iso(e.createdAt())).updatedAt(Timestamps.iso(e.updatedAt()))
                .repository(repository).project(project).customEnvironmentVariables(null)
                .build();
    }

    /** The dbt Cloud {@code type} of a Datacoves environment type: {@code development} for {@code dev}, else
     * {@code deployment}. */
    public static String type(@Nullable String datacovesType) {
        return isDevelopment(datacovesType) ? "development" : "deployment";
    }

    /** The dbt Cloud {@code deployment_type} of a Datacoves environment type: null for {@code dev},
     * {@code production} for {@code prod}, else {@code staging}. */
    @Nullable
    public static String deploymentType(@Nullable String datacovesType) {
        return isDevelopment(datacovesType) ? null : "prod".equals(datacovesType) ? "production" : "staging";
    }

    private static boolean isDevelopment(@Nullable String datacovesType) {
        return "dev".equals(datacovesType);
    }
}
