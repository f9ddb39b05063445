package com.datacoves.jade.projects;

import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.Timestamps;

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
     */
    public static Project toProject(ProjectRow p, List<?> environments, IncludeRelated include) {
        return new Project(p.id(), p.name(), p.accountId(), null, null, p.repositoryId(), null, 1, null, null, null, 0,
                Timestamps.iso(p.createdAt()), Timestamps.iso(p.updatedAt()), null, environments,
                include.has("repository") ? Repository.of(p) : null, List.of(), null, null, null, null, p.slug(),
                p.releaseBranch());
    }
}
