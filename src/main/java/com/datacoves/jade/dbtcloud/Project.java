package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * dbt Cloud {@code ProjectResponse} (identical in v2 and v3; every spec field), built by {@link ProjectMapper}.
 * Related objects are null unless requested with {@code include_related} ({@code repository}); {@code environments}
 * is always the project's environments (v3 shape). Jade extras: {@code slug}, {@code release_branch}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Project(long id, String name, long accountId, @Nullable String description,
                      @Nullable Long connectionId, @Nullable Long repositoryId,
                      @Nullable Long semanticLayerConfigId, int state, @Nullable String dbtProjectSubdirectory,
                      @Nullable Long docsJobId, @Nullable Long freshnessJobId, int type,
                      @Nullable String createdAt, @Nullable String updatedAt, @Nullable Object connection,
                      List<?> environments, @Nullable Repository repository, List<Object> groupPermissions,
                      @Nullable Object docsJob, @Nullable Object freshnessJob, @Nullable Object fusionReadiness,
                      @Nullable String defaultVersion, @Nullable String slug, @Nullable String releaseBranch) {
}
