package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.soabase.recordbuilder.core.RecordBuilder;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import com.datacoves.jade.index.RunRow;

import java.util.List;

/**
 * dbt Cloud {@code RunTrigger} (every spec field plus id/created_at of real responses), from the DAG run's
 * {@code run_type}: scheduled → "Scheduled by Airflow" (cause_category scheduled);
 * manual with external trigger → "Triggered manually in Airflow" (ui); backfill → "Backfill in Airflow" (ui);
 * dataset/asset triggered → "Triggered by a dataset update in Airflow" (job completion); anything else →
 * "Triggered in Airflow (&lt;run_type&gt;)" (ui). Overrides and git fields are null: Airflow has none.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@RecordBuilder
public record RunTrigger(long id, String cause, long jobDefinitionId, @Nullable String gitBranch,
                         @Nullable String gitSha, @Nullable Integer azurePullRequestId,
                         @Nullable Integer githubPullRequestId, @Nullable Integer gitlabMergeRequestId,
                         @Nullable Integer nonNativePullRequestId, @Nullable String schemaOverride,
                         @Nullable String dbtVersionOverride, @Nullable Integer threadsOverride,
                         @Nullable String targetNameOverride, @Nullable Boolean generateDocsOverride,
                         @Nullable Integer timeoutSecondsOverride, @Nullable List<String> stepsOverride,
                         String causeCategory, @Nullable String createdAt) {

    /**
     * The trigger of a run; a run triggered through Jade's API shows its {@code cause} (category api) — single-run
     * reads show its overrides too.
     */
    public static RunTrigger of(RunRow r, @Nullable String createdAt) {
        if (r.triggerCause() != null) {
            return RunTriggerBuilder.builder().id(r.id()).cause(r.triggerCause()).jobDefinitionId(r.jobId())
                    .causeCategory("api").createdAt(createdAt).build();
        }
        String type = r.dagRun().runType() == null ? "" : r.dagRun().runType();
        String cause;
        String category;
        switch (type) {
            case "scheduled" -> { cause = "Scheduled by Airflow"; category = "scheduled"; }
            case "manual" -> { cause = "Triggered manually in Airflow"; category = "ui"; }
            case "backfill" -> { cause = "Backfill in Airflow"; category = "ui"; }
            case "dataset_triggered", "asset_triggered" -> {
                cause = "Triggered by a dataset update in Airflow"; category = "job completion"; }
            default -> { cause = "Triggered in Airflow (" + type + ")"; category = "ui"; }
        }
        return RunTriggerBuilder.builder().id(r.id()).cause(cause).jobDefinitionId(r.jobId())
                .causeCategory(category).createdAt(createdAt).build();
    }
}
