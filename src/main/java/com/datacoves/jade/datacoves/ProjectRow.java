package com.datacoves.jade.datacoves;

import io.micronaut.core.annotation.Nullable;

import java.time.OffsetDateTime;

/**
 * A row of Datacoves' {@code projects_project} with its {@code projects_repository} (read-only). The dbt Cloud
 * project.
 *
 * @param id                 project id
 * @param accountId          owning account
 * @param name               display name
 * @param slug               Datacoves' unique project slug (the Datacoves routes name projects by it)
 * @param releaseBranch      the git branch deployed
 * @param repositoryId       id of the git repository
 * @param repositoryGitUrl   the repository's git URL (ssh or https)
 * @param repositoryUrl      the repository's web URL, null when unset
 * @param repositoryProvider {@code github}, {@code gitlab}, {@code bitbucket} or null
 * @param createdAt          creation time, UTC
 * @param updatedAt          last update, UTC
 */
public record ProjectRow(long id, long accountId, String name, String slug, String releaseBranch, long repositoryId,
                         String repositoryGitUrl, @Nullable String repositoryUrl, @Nullable String repositoryProvider,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
