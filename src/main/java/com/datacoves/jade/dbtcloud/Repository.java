package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * dbt Cloud {@code RepositoryV2/V3} (embedded with {@code include_related=repository}), built by
 * {@link ProjectMapper#toRepository}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Repository(@Nullable Long id, long accountId, long projectId, @Nullable String fullName,
                         @Nullable String remoteUrl, String remoteBackend, String gitCloneStrategy,
                         @Nullable Long deployKeyId, @Nullable Long repositoryCredentialsId,
                         @Nullable Long githubInstallationId, @Nullable Long githubWebhookId,
                         @Nullable String privateLinkEndpointId, @Nullable Long gitProviderId, int state) {
}
