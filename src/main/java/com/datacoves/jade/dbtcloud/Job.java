package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * dbt Cloud {@code HumanReadableJobDefinitionResponse} (every spec field, plus the real-response fields
 * {@code cron_humanized}, {@code next_run}, {@code next_run_humanized}, {@code most_recent_run},
 * {@code most_recent_completed_run}), built by {@link JobMapper} from one Airflow DAG. Jade extras:
 * {@code dbt_job_ext_id}, {@code dag_id}, {@code tags}, {@code deactivated}, {@code environment_slug}.
 * {@code description} and {@code schedule.cron} are never null (dbt Cloud's are strings; see {@link JobMapper}).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Job(long id, long accountId, long projectId, long environmentId, String name,
                  String description, @Nullable String dbtVersion, @Nullable String rawDbtVersion,
                  @Nullable Long deferringEnvironmentId, @Nullable Long deferringJobDefinitionId,
                  List<String> executeSteps, Map<String, Object> execution, boolean generateDocs,
                  boolean isDeferrable, String jobType, @Nullable String lifecycleWebhooksUrl,
                  boolean lifecycleWebhooks, boolean runCompareChanges, String compareChangesFlags,
                  int runFailureCount, boolean runGenerateSources, boolean runLint, boolean errorsOnLintFailure,
                  List<String> costOptimizationFeatures, Map<String, Object> settings, int state,
                  boolean triggersOnDraftPr, Map<String, Object> triggers,
                  @Nullable Object jobCompletionTriggerCondition, @Nullable String createdAt,
                  @Nullable String updatedAt, @Nullable Object account, @Nullable Object project,
                  @Nullable Object environment, @Nullable Object fusionReadiness, Schedule schedule,
                  boolean generateSources, @Nullable String cronHumanized, @Nullable String nextRun,
                  @Nullable String nextRunHumanized, @Nullable Object mostRecentRun,
                  @Nullable Object mostRecentCompletedRun, long dbtJobExtId, String dagId, List<String> tags,
                  boolean deactivated, @Nullable String environmentSlug) {
}
