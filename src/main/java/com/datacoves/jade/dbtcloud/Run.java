package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * dbt Cloud {@code RunResponse} (every spec field, in spec order, plus {@code scribe_enabled} of real responses),
 * built by {@link RunMapper} from one Airflow DAG run. Durations are {@code "HH:MM:SS"} strings, timestamps ISO-8601
 * UTC strings. Jade extras: {@code dbt_job_run_ext_id}, {@code completed_at}, {@code dag_id}, {@code dag_run_id},
 * {@code dag_run_run_id}, {@code environment_slug}, {@code queued_at}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record Run(long id, long triggerId, long accountId, long environmentId, long projectId, long jobDefinitionId,
                  int status, @Nullable String dbtVersion, @Nullable String gitBranch, @Nullable String gitSha,
                  @Nullable String statusMessage, @Nullable String ownerThreadId,
                  @Nullable String executedByThreadId, @Nullable Long deferringRunId, boolean artifactsSaved,
                  @Nullable String artifactS3Path, boolean hasDocsGenerated, boolean hasSourcesGenerated,
                  boolean notificationsSent, List<Long> blockedBy, @Nullable String createdAt,
                  @Nullable String updatedAt, @Nullable String dequeuedAt, @Nullable String startedAt,
                  @Nullable String finishedAt, @Nullable String lastCheckedAt, @Nullable String lastHeartbeatAt,
                  @Nullable String shouldStartAt, @Nullable RunTrigger trigger, @Nullable Object job,
                  @Nullable Object environment, List<RunStep> runSteps, Map<String, Integer> deprecation,
                  String statusHumanized, boolean inProgress, boolean isComplete, boolean isSuccess,
                  boolean isError, boolean isCancelled, String duration, String queuedDuration,
                  String runDuration, String durationHumanized, String queuedDurationHumanized,
                  String runDurationHumanized, @Nullable String createdAtHumanized,
                  @Nullable String finishedAtHumanized, @Nullable Long retryingRunId, boolean canRetry,
                  @Nullable String retryNotSupportedReason, long jobId, boolean isRunning, String href,
                  boolean usedRepoCache, @Nullable Object audit, boolean scribeEnabled,
                  @Nullable Long dbtJobRunExtId, @Nullable String completedAt, String dagId,
                  @Nullable Long dagRunId, String dagRunRunId, @Nullable String environmentSlug,
                  @Nullable String queuedAt) {
}
