package com.datacoves.jade.projects;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code projects_project} joined with its {@code projects_repository} (read-only).
 * The dbt Cloud Project.
 *
 * @param id                 project id
 * @param accountId          owning account
 * @param name               display name
 * @param slug               Datacoves' project slug (used by the Datacoves routes)
 * @param releaseBranch      the git branch deployed, null when unset
 * @param repositoryId       id of the git repository, null when none
 * @param repositoryGitUrl   the repository's git URL, null when none
 * @param repositoryUrl      the repository's web URL, null when none
 * @param repositoryProvider the git provider (github, gitlab, …), null when unknown
 * @param createdAt          creation time, UTC
 * @param updatedAt          last update, UTC
 */
@MappedEntity("projects_project")
public record ProjectRow(@Id long id, long accountId, String name, @Nullable String slug,
                         @Nullable String releaseBranch, @Nullable Long repositoryId,
                         @Nullable String repositoryGitUrl, @Nullable String repositoryUrl,
                         @Nullable String repositoryProvider,
                         @Nullable OffsetDateTime createdAt, @Nullable OffsetDateTime updatedAt) {
}
