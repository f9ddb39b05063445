package com.datacoves.jade.dbtcloud;

import com.datacoves.jade.datacoves.ProjectRow;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code projects_project} row → dbt Cloud Project. Sources: id, name, account_id, repository_id, created_at,
 * updated_at (same columns); slug, release_branch (Jade extras); repository from {@code projects_repository}
 * (only with {@code include_related=repository}). Defaults: state 1 (active), type 0 (DEFAULT),
 * group_permissions []; description, connection, docs/freshness jobs, semantic layer, default_version: null
 * (Datacoves has no such data; dbt_project_subdirectory lives on Datacoves environments).
 */
public final class ProjectMapper {

    private ProjectMapper() {
    }

    /**
     * @param environments the project's environments, already mapped
     * @param repository   true to embed the repository ({@code include_related=repository})
     */
    public static Project toProject(ProjectRow p, List<?> environments, boolean repository) {
        return ProjectBuilder.builder()
                .id(p.id()).name(p.name()).accountId(p.accountId()).repositoryId(p.repositoryId())
                .state(1).type(0).createdAt(Timestamps.iso(p.createdAt())).updatedAt(Timestamps.iso(p.updatedAt()))
                .environments(environments).repository(repository ? toRepository(p) : null)
                .groupPermissions(List.of()).slug(p.slug()).releaseBranch(p.releaseBranch())
                .build();
    }

    /**
     * dbt Cloud {@code RepositoryV2/V3} of a project: id, git_url → remote_url, url (web) → full_name as
     * {@code owner/name}, provider → remote_backend ({@code github}, {@code gitlab}, else {@code manual_config}).
     * Datacoves deploys with keys: git_clone_strategy is {@code deploy_key}. Other ids are null.
     */
    @Nullable
    public static Repository toRepository(ProjectRow p) {
        String backend = p.repositoryProvider() != null && p.repositoryProvider().matches("github|gitlab")
                ? p.repositoryProvider() : "manual_config";
        String fullName = p.repositoryUrl() == null ? null
                : p.repositoryUrl().replaceFirst("^https?://[^/]+/", "").replaceFirst("\\.git$", "");
        return RepositoryBuilder.builder()
                .id(p.repositoryId()).accountId(p.accountId()).projectId(p.id()).fullName(fullName)
                .remoteUrl(p.repositoryGitUrl()).remoteBackend(backend).gitCloneStrategy("deploy_key").state(1)
                .build();
    }
}
