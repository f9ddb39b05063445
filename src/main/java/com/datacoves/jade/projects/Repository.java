package com.datacoves.jade.projects;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * dbt Cloud {@code RepositoryV2/V3} (embedded with {@code include_related=repository}), from Datacoves'
 * {@code projects_repository}: id, git_url → remote_url, url (web) → full_name as {@code owner/name} when it is a
 * GitHub/GitLab URL, provider → remote_backend ({@code github}, {@code gitlab}, else {@code manual_config}).
 * The project's clone strategy is not exposed by the Datacoves row Jade reads, so git_clone_strategy is
 * {@code deploy_key} (Datacoves deploys with keys). Other ids are null.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Repository(@Nullable Long id, long accountId, long projectId, @Nullable String fullName,
                         @Nullable String remoteUrl, String remoteBackend, String gitCloneStrategy,
                         @Nullable Long deployKeyId, @Nullable Long repositoryCredentialsId,
                         @Nullable Long githubInstallationId, @Nullable Long githubWebhookId,
                         @Nullable String privateLinkEndpointId, @Nullable Long gitProviderId, int state) {

    /** The repository of a project row, or null when the project has none. */
    @Nullable
    public static Repository of(ProjectRow p) {
        if (p.repositoryId() == null) {
            return null;
        }
        String backend = p.repositoryProvider() != null && p.repositoryProvider().matches("github|gitlab")
                ? p.repositoryProvider() : "manual_config";
        String fullName = p.repositoryUrl() == null ? null
                : p.repositoryUrl().replaceFirst("^https?://[^/]+/", "").replaceFirst("\\.git$", "");
        return new Repository(p.repositoryId(), p.accountId(), p.id(), fullName, p.repositoryGitUrl(), backend,
                "deploy_key", null, null, null, null, null, null, 1);
    }
}
