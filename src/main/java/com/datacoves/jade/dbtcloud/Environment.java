package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * dbt Cloud Environment: the union of {@code EnvironmentV2Response} and {@code EnvironmentV3Response} (every field of
 * both), built by {@link EnvironmentMapper}. Related objects ({@code repository}, {@code project}) are null unless
 * requested with {@code include_related}. Jade extra: {@code slug}.
 *
 * <p>{@code jobs} and {@code custom_environment_variables} are always null. The spec types the latter as an array,
 * but dbt Cloud answers null (or a string) unless it is asked for: the dbt Cloud Terraform provider decodes the field
 * as an optional string with Go's strict JSON decoder, so an array there (even {@code []}) fails every environment
 * read, import and {@code include_related=environment} job list it does.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Environment(long id, long accountId, long projectId, String name, @Nullable String slug,
                          @Nullable Long connectionId, @Nullable Long credentialsId, @Nullable Long repositoryId,
                          @Nullable Long extendedAttributesId, @Nullable String customBranch,
                          boolean useCustomBranch, @Nullable String dbtProjectSubdirectory, String dbtVersion,
                          String rawDbtVersion, boolean supportsDocs, @Nullable String deploymentType, String type,
                          @Nullable Long createdById, int state, boolean isDeferrable,
                          boolean enableModelQueryHistory, boolean enableDbtState, @Nullable Long primaryProfileId,
                          @Nullable Object fusionReadiness, @Nullable String createdAt, @Nullable String updatedAt,
                          @Nullable Object repository, @Nullable Object connection, @Nullable Object credentials,
                          @Nullable Object project, @Nullable List<Object> jobs,
                          @Nullable Object customEnvironmentVariables) {
}
